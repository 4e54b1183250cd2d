// The release build renders the app shell in headless Chromium with no console errors, its recipe
// switches start and stop a recipe, and its links open pages in-app, with Back, Forward and reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serveAndLaunch, openPage, openPaused, playback, labelled, saveScreenshot, LAPTOP, TABLET } from './harness.mjs';

const app = serveAndLaunch();

const TITLES = ['Fire and forget', 'Fan-out / fan-in', 'Periodic work', 'Cron', 'At scale'];
const SLUGS = ['fire-and-forget', 'fan-out', 'periodic', 'cron', 'scale'];

test('the shell renders its named regions with no console errors', async () => {
  const { page, errors } = await openPage(app.browser, app.server.url);
  await page.getByRole('banner', { name: 'Tasklane' }).waitFor();
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Tasklane');
  const recipes = page.getByRole('navigation', { name: 'Recipes' });
  await recipes.waitFor();
  for (const title of TITLES) {
    assert.equal(await recipes.getByRole('switch', { name: `Run ${title}`, checked: false }).count(), 1, title);
  }
  await page.getByRole('main', { name: 'Visualisation' }).waitFor();
  await playback(page).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Play' }).count(), 1);
  assert.ok(await page.getByRole('button', { name: 'Play' }).isDisabled(), 'nothing to play before a recipe is on');
  const [shot] = await saveScreenshot(page, 'shell');
  console.log(`screenshot: ${shot}`);
  assert.deepEqual(errors, []);
});

test('a recipe switch opens and starts its recipe; switched off, the run stops and stays on screen', async () => {
  const { page, errors } = await openPage(app.browser, app.server.url);
  const recipes = page.getByRole('navigation', { name: 'Recipes' });
  const fanOut = recipes.getByRole('switch', { name: 'Run Fan-out / fan-in' });
  await fanOut.click();
  // The address bar carries the run's parameters and seed.
  await page.waitForURL(new RegExp(`^${app.server.url}fan-out\\?seed=42&`));
  await page.getByRole('region', { name: 'Fan-out / fan-in' }).getByRole('heading', { level: 2 }).waitFor();
  assert.equal(await recipes.getByRole('switch', { name: 'Run Fan-out / fan-in', checked: true }).count(), 1);
  assert.equal(await recipes.getByRole('link', { name: /^Fan-out \/ fan-in/ }).getAttribute('aria-current'), 'page');
  await fanOut.click();
  await recipes.getByRole('switch', { name: 'Run Fan-out / fan-in', checked: false }).waitFor();
  const bar = playback(page);
  await bar.getByRole('button', { name: 'Play' }).waitFor();
  assert.ok(await bar.getByRole('button', { name: 'Play' }).isDisabled(), 'a switched-off recipe cannot play');
  assert.ok(await bar.getByRole('button', { name: 'Step to the next event' }).isEnabled(), 'its run stays on screen');
  assert.deepEqual(errors, []);
});

test('recipe links open pages in-app; Back and Forward follow them; a modified click and a reload are left to the browser', async () => {
  const { page, errors } = await openPage(app.browser, app.server.url);
  const recipes = page.getByRole('navigation', { name: 'Recipes' });
  const cronLink = recipes.getByRole('link', { name: /^Cron/ });
  const cronPage = page.getByRole('region', { name: 'Cron' }).getByRole('heading', { level: 2, name: 'Cron' });
  const home = page.getByRole('heading', { level: 2, name: 'Pick a recipe' });
  await home.waitFor();
  // A mark on the document: it survives in-app navigation and goes with a page load.
  await page.evaluate(() => { window.sameDocument = true; });
  const sameDocument = () => page.evaluate(() => window.sameDocument === true);

  await cronLink.click();
  await page.waitForURL(new RegExp(`^${app.server.url}cron\\?seed=42&`));
  const cronUrl = page.url();
  await cronPage.waitFor();
  assert.equal(await cronLink.getAttribute('aria-current'), 'page');
  assert.ok(await sameDocument(), 'a plain click opens the page without loading the document');

  await page.goBack();
  await home.waitFor();
  assert.equal(page.url(), app.server.url);
  assert.equal(await cronLink.getAttribute('aria-current'), null);
  await page.goForward();
  await cronPage.waitFor();
  assert.equal(page.url(), cronUrl);
  assert.ok(await sameDocument(), 'Back and Forward stay in the document');

  // A modified click is the browser's: the page opens in a new tab, and this one stays where it was.
  const [tab] = await Promise.all([
    page.context().waitForEvent('page'),
    recipes.getByRole('link', { name: /^Fan-out/ }).click({ modifiers: ['ControlOrMeta'] }),
  ]);
  await tab.waitForURL(new RegExp(`^${app.server.url}fan-out`));
  await tab.close();
  assert.equal(page.url(), cronUrl);

  // A deep link survives a reload (the server answers index.html for the recipe's path), and so does the run:
  // the same parameters and seed give the same trace.
  const bar = playback(page);
  await bar.getByRole('button', { name: 'Pause' }).click();
  await bar.getByRole('button', { name: 'Share this run' }).click();
  const hash = await bar.getByLabel('Trace hash').textContent();
  const steps = new URL(await bar.getByRole('textbox', { name: 'Share URL' }).inputValue()).searchParams.get('steps');
  await page.reload();
  await cronPage.waitFor();
  assert.equal(await sameDocument(), false, 'a reload is a new document');
  assert.equal(page.url(), cronUrl);
  await page.goto(`${cronUrl}&steps=${steps}`);
  await bar.getByRole('button', { name: 'Share this run' }).click();
  assert.equal(await bar.getByLabel('Trace hash').textContent(), hash, 'the reloaded address replays the same run');
  assert.deepEqual(errors, []);
});

test('on every recipe, at laptop and tablet size, the playback bar and the timeline start on the first screen', async () => {
  for (const viewport of [LAPTOP, TABLET]) {
    for (const slug of SLUGS) {
      const page = await app.browser.newPage({ viewport });
      await page.goto(`${app.server.url}${slug}?seed=42&steps=0`);
      const bar = await playback(page).boundingBox();
      const timeline = await page.getByRole('region', { name: /Timeline/ }).boundingBox();
      const at = `${slug} at ${viewport.width}×${viewport.height}`;
      assert.ok(bar.y >= 0 && bar.y + bar.height <= viewport.height, `${at}: the playback bar spans ${bar.y}–${bar.y + bar.height}`);
      assert.ok(timeline.y < bar.y, `${at}: the timeline starts at ${timeline.y}, above the playback bar at ${bar.y}`);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.equal(width, viewport.width, `${at}: the page is ${width} px wide, no sideways scrolling`);
      await page.mouse.wheel(0, 2000);
      const scrolled = await playback(page).boundingBox();
      assert.ok(scrolled.y + scrolled.height <= viewport.height, `${at}: scrolled down, the playback bar stays on screen`);
      await page.close();
    }
  }
});

test('space after clicking a recipe button plays and pauses, and does not press the button again', async () => {
  const { page, errors } = await openPaused(app.browser, app.server, 'fire-and-forget');
  const bar = playback(page);
  const controls = page.getByRole('group', { name: 'Fire and forget controls' });
  // Paused, the press waits for the run to move: Space plays it, and the one child starts.
  await controls.getByRole('button', { name: 'Fire', exact: true }).click();
  await page.keyboard.press('Space');
  await bar.getByRole('button', { name: 'Pause' }).waitFor();
  await page.keyboard.press('Space');
  await bar.getByRole('button', { name: 'Play' }).waitFor();
  await page.getByLabel('Running children', { exact: true }).filter({ hasText: /^1$/ }).waitFor();
  const spawned = await page.getByRole('region', { name: 'Event log' }).getByText(/spawned notification/).count();
  assert.equal(spawned, 1, 'Space did not fire a second child');
  assert.deepEqual(errors, []);
});

test('two recipes on at once both advance on one clock; switching one off leaves the other running; the share URL carries both', async () => {
  const { page, errors } = await openPage(app.browser, app.server.url);
  const recipes = page.getByRole('navigation', { name: 'Recipes' });
  const bar = playback(page);
  const fire = recipes.getByRole('switch', { name: 'Run Fire and forget' });
  const periodic = recipes.getByRole('switch', { name: 'Run Periodic work' });
  const clock = async () => {
    const text = await labelled(bar, 'Virtual time');
    return text.endsWith(' ms') ? Number(text.slice(0, -3)) : Number(text.slice(0, -2)) * 1000;
  };
  const ticks = () => labelled(page, 'ticker_1 ticks').then(Number);
  await fire.click();
  await page.getByRole('region', { name: 'Fire and forget' }).waitFor();
  await page.getByRole('group', { name: 'Fire and forget controls' }).getByRole('button', { name: 'Fire 10' }).click();

  // Periodic work joins the running node: fire and forget stays on, and the clock does not go back.
  const before = await clock();
  await periodic.click();
  await page.getByRole('region', { name: 'Periodic work' }).waitFor();
  await recipes.getByRole('switch', { name: 'Run Periodic work', checked: true }).waitFor();
  assert.equal(await fire.getAttribute('aria-checked'), 'true', 'switching a second recipe on leaves the first on');
  await page.waitForFunction(() => Number(document.querySelector('[aria-label="ticker_1 ticks"]')?.textContent) >= 2);
  assert.ok((await clock()) > before, 'one clock: it went on from where fire and forget was');
  assert.match(page.url(), /\/periodic\?seed=42&run=fire-and-forget&inputs=/, 'the address names the first recipe and the inputs');

  // Back on fire and forget's page (still running, not restarted), its ten children have finished meanwhile.
  await recipes.getByRole('link', { name: /^Fire and forget/ }).click();
  await page.getByLabel('Running children', { exact: true }).filter({ hasText: /^0$/ }).waitFor();
  assert.equal(await fire.getAttribute('aria-checked'), 'true');

  // Periodic work switched off: its tree stops; fire and forget's run plays on.
  await periodic.click();
  await recipes.getByRole('switch', { name: 'Run Periodic work', checked: false }).waitFor();
  assert.equal(await fire.getAttribute('aria-checked'), 'true');
  await bar.getByRole('button', { name: 'Pause' }).waitFor();
  const at = await clock();
  await page.waitForFunction((t) => {
    const text = document.querySelector('[aria-label="Virtual time"]').textContent;
    const ms = text.endsWith(' ms') ? Number(text.slice(0, -3)) : Number(text.slice(0, -2)) * 1000;
    return ms > t;
  }, at);
  await page.getByRole('group', { name: 'Fire and forget controls' }).getByRole('button', { name: 'Fire', exact: true }).click();

  // The share link replays the whole node: both recipes, every switch and press, the same trace.
  await bar.getByRole('button', { name: 'Pause' }).click();
  await bar.getByRole('button', { name: 'Share this run' }).click();
  const hash = await labelled(bar, 'Trace hash');
  const url = await bar.getByRole('textbox', { name: 'Share URL' }).inputValue();
  const replay = await app.browser.newPage({ viewport: LAPTOP });
  await replay.goto(url);
  const replayBar = playback(replay);
  await replayBar.getByRole('button', { name: 'Share this run' }).click();
  assert.equal(await labelled(replayBar, 'Trace hash'), hash);
  const replayed = replay.getByRole('navigation', { name: 'Recipes' });
  assert.equal(await replayed.getByRole('switch', { name: 'Run Fire and forget' }).getAttribute('aria-checked'), 'true');
  assert.equal(await replayed.getByRole('switch', { name: 'Run Periodic work' }).getAttribute('aria-checked'), 'false');
  await replay.close();
  assert.deepEqual(errors, []);
});

test('a recipe switched off and on again keeps its settings', async () => {
  const { page, errors } = await openPaused(app.browser, app.server, 'fan-out', { tasks: '200', mode: 'nolink' });
  const recipes = page.getByRole('navigation', { name: 'Recipes' });
  const fanOut = recipes.getByRole('switch', { name: 'Run Fan-out / fan-in' });
  await fanOut.click();
  await recipes.getByRole('switch', { name: 'Run Fan-out / fan-in', checked: false }).waitFor();
  await fanOut.click();
  await recipes.getByRole('switch', { name: 'Run Fan-out / fan-in', checked: true }).waitFor();
  const controls = page.getByRole('group', { name: 'Fan-out controls' });
  assert.equal(await controls.getByRole('slider', { name: 'Tasks' }).inputValue(), '200');
  assert.ok(await controls.getByRole('radio', { name: /async_nolink/ }).isChecked());
  assert.match(page.url(), /[?&]mode=nolink(&|$)/);
  assert.match(page.url(), /[?&]tasks=200(&|$)/);
  assert.deepEqual(errors, []);
});

test('where the learner looks: a notice raised while scrolled down shows in the window; Share says the link was copied; the code tabs follow the arrow keys', async () => {
  const { page, errors } = await openPaused(app.browser, app.server, 'periodic', { services: '9' });
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.server.url });
  const bar = playback(page);
  await page.mouse.wheel(0, 5000);
  await page.waitForFunction(() => window.scrollY > 0);
  const seed = bar.getByRole('textbox', { name: 'Seed' });
  await seed.fill('not a number');
  await seed.press('Enter');
  const toast = page.getByRole('status', { name: 'Notices' }).getByText('Ignored seed "not a number"');
  await toast.waitFor();
  const box = await toast.boundingBox();
  assert.ok(box.y >= 0 && box.y + box.height <= LAPTOP.height, `the notice is on screen at y=${box.y}`);
  await page.keyboard.press('Escape');
  await toast.waitFor({ state: 'detached' });

  await bar.getByRole('button', { name: 'Share this run' }).click();
  await bar.getByRole('status', { name: 'Share status' }).filter({ hasText: 'Link copied' }).waitFor();
  const url = await bar.getByRole('textbox', { name: 'Share URL' }).inputValue();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), url);

  const tabs = page.getByRole('tablist', { name: 'Language' });
  await tabs.getByRole('tab', { name: 'Elixir' }).focus();
  await page.keyboard.press('ArrowRight');
  const rust = tabs.getByRole('tab', { name: 'Rust (runs)' });
  assert.equal(await rust.getAttribute('aria-selected'), 'true');
  assert.ok(await rust.evaluate((el) => el === document.activeElement), 'the focus follows the selection');
  assert.ok(await page.getByRole('tabpanel', { name: 'Rust (runs)' }).isVisible());
  await page.keyboard.press('Home');
  assert.equal(await tabs.getByRole('tab', { name: 'Elixir' }).getAttribute('aria-selected'), 'true');
  assert.deepEqual(errors, []);
});
