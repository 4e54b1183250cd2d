// The recipes in the release build: fan-out timing and scrubbing, fire and forget, periodic work, cron, the
// keyboard, screenshots, and frame-time reports.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launchChromium, openPage, saveScreenshot, pixel } from './harness.mjs';

let server;
let browser;
before(async () => {
  server = await serveDist();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  server?.close();
});

// Sets a range input's value the way a drag does, firing `input` then `change`.
async function slide(locator, value) {
  await locator.evaluate((el, v) => {
    el.value = String(v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
  }, value);
}

const ms = (text) => Number(/(\d+) ms/.exec(text)?.[1]);

test('fan-out of 50 tasks: total time is the longest task; scrubbing back shows fewer finished', async () => {
  const { page, errors } = await openPage(browser, `${server.url}fan-out`);
  await page.getByRole('switch', { name: 'Run Fan-out / fan-in' }).waitFor();
  await slide(page.getByRole('slider', { name: 'Tasks' }), 50);
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('max');
  const total = page.getByLabel('Total time', { exact: true });
  await page.waitForFunction(() => /ms \(/.test(document.querySelector('dd[aria-label="Total time"]')?.textContent ?? ''));
  const longest = await page.getByLabel('Longest task', { exact: true }).textContent();
  const sum = await page.getByLabel('Sequential sum', { exact: true }).textContent();
  assert.match(await total.textContent(), /\(:normal\)/);
  assert.equal(ms(await total.textContent()), ms(longest));
  assert.ok(ms(sum) > ms(longest) * 10, `sum ${sum} vs longest ${longest}`);
  assert.equal(await page.getByLabel('Finished tasks', { exact: true }).textContent(), '50 of 50');
  await saveScreenshot(page, 'fan-out.png');

  const scrubber = page.getByRole('slider', { name: 'Scrubber' });
  const end = Number(await scrubber.getAttribute('max') ?? await scrubber.evaluate((el) => el.max));
  await slide(scrubber, Math.floor(end / 2));
  const finishedMid = await page.getByLabel('Finished tasks', { exact: true }).textContent();
  const [mid] = finishedMid.split(' of ').map(Number);
  assert.ok(mid < 50, `mid-run shows ${finishedMid}`);
  assert.match(await page.getByLabel('Position').textContent(), /^event \d+ of \d+$/);
  await saveScreenshot(page, 'fan-out-scrubbed.png');
  assert.deepEqual(errors, []);
});

test('fire and forget: fire ten, crash one, stop the supervisor', async () => {
  const { page, errors } = await openPage(browser, `${server.url}fire-and-forget`);
  const controls = page.getByRole('group', { name: 'Fire and forget controls' });
  await controls.getByRole('button', { name: 'Fire 10' }).click();
  await page.waitForFunction(() => document.querySelector('dd[aria-label="Running children"]')?.textContent === '10');
  await controls.getByRole('button', { name: 'Crash one' }).click();
  await page.waitForFunction(() => document.querySelector('dd[aria-label="Crashed children"]')?.textContent === '1');
  await page.waitForTimeout(300);
  await saveScreenshot(page, 'fire-and-forget.png');
  await controls.getByRole('button', { name: 'Stop supervisor' }).click();
  await page.waitForFunction(() => document.querySelector('dd[aria-label="Running children"]')?.textContent === '0');
  assert.match(await page.getByRole('region', { name: 'Event log' }).textContent(), /exited: :shutdown/);
  assert.deepEqual(errors, []);
});

// requestAnimationFrame deltas (ms) over 3 s, each with the text of the element `watch` selects (if given) when
// the frame began; `play` clicks Play on the first frame.
function recordFrames(page, { play = false, watch = null } = {}) {
  return page.evaluate(
    ({ play, watch }) =>
      new Promise((done) => {
        const frames = [];
        let last = performance.now();
        const start = last;
        const tick = (t) => {
          if (play && frames.length === 0) document.querySelector('button[aria-label="Play"]').click();
          frames.push([t - last, watch && (document.querySelector(watch)?.textContent ?? '')]);
          last = t;
          if (t - start < 3000) requestAnimationFrame(tick);
          else done(frames);
        };
        requestAnimationFrame(tick);
      }),
    { play, watch },
  );
}

// Prints p50, p95 and the worst of some frame deltas (ms); returns them sorted.
function reportFrames(label, deltas) {
  const sorted = deltas.sort((a, b) => a - b);
  const pct = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  console.log(`frame times, ${label}: ${sorted.length} frames, p50 ${pct(50).toFixed(1)} ms, p95 ${pct(95).toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms`);
  return sorted;
}

test('frame times while 1,000 fan-out tasks run at 10x', async () => {
  const { page, errors } = await openPage(browser, `${server.url}fan-out?tasks=1000&timeout=10000`);
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('10');
  // Each frame tagged with whether the caller was still running when it began.
  const frames = (await recordFrames(page, { play: true, watch: 'dd[aria-label="Total time"]' })).map(([d, total]) => [d, !/ms \(/.test(total)]);
  const active = reportFrames('1,000 tasks at 10x, while the tasks run', frames.slice(1).filter(([, r]) => r).map(([d]) => d));
  const sorted = reportFrames('1,000 tasks at 10x, over 3 s', frames.slice(1).map(([d]) => d));
  assert.ok(active.length > 0, 'some frames were drawn while the tasks ran');
  assert.ok(sorted.length > 0);
  assert.deepEqual(errors, []);
});

test('frame times with nine tickers every 100 ms at 10x, after 8 s', async () => {
  const { page, errors } = await openPage(browser, `${server.url}periodic?interval=100&work=20&services=9`);
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('10');
  await page.waitForTimeout(8000);
  const frames = (await recordFrames(page)).map(([d]) => d);
  assert.ok(reportFrames('nine tickers at 10x after 8 s, over 3 s', frames.slice(1)).length > 0);
  assert.deepEqual(errors, []);
});

test('keyboard: space pauses and plays, the right arrow steps one event', async () => {
  const { page, errors } = await openPage(browser, `${server.url}fan-out?tasks=5`);
  await page.getByRole('button', { name: 'Pause' }).waitFor();
  await page.locator('body').press('Space');
  await page.getByRole('button', { name: 'Play' }).waitFor();
  const logLines = page.getByRole('region', { name: 'Event log' }).locator('li[data-seq]');
  const before = await logLines.count();
  await page.locator('body').press('ArrowRight');
  await page.waitForFunction((n) => document.querySelectorAll('[aria-label="Event log"] li[data-seq]').length === n + 1, before);
  await page.locator('body').press('Space');
  await page.getByRole('button', { name: 'Pause' }).waitFor();
  assert.deepEqual(errors, []);
});

test('periodic work: drift, cancel_timer, restarts, and a supervisor that gives up', async () => {
  const { page, errors } = await openPage(browser, `${server.url}periodic?work=1500`);
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('10');
  const ticks = async (name) => Number(await page.getByLabel(`${name} ticks`, { exact: true }).textContent());
  await page.waitForFunction(() => Number(document.querySelector('dd[aria-label="ticker_1 ticks"]')?.textContent) >= 3);
  assert.ok((await ticks('fixed_rate_1')) > (await ticks('ticker_1')), 'the fixed-rate ticker ticks more often');
  const card = page.getByRole('article', { name: 'Ticker ticker_1' });
  await card.getByRole('button', { name: 'Cancel timer' }).click();
  await page.waitForFunction(() => /ms left|false/.test(document.querySelector('dd[aria-label="ticker_1 cancel result"]')?.textContent ?? ''));
  await saveScreenshot(page, 'periodic.png');
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('0.1');
  for (let i = 0; i < 4; i++) {
    await card.getByRole('button', { name: 'Crash' }).click();
    await page.waitForTimeout(120);
  }
  await page.getByRole('alert').filter({ hasText: 'the supervisor gave up' }).waitFor();
  assert.deepEqual(errors, []);
});

test('cron: an invalid expression is explained; */15 fired 96 times in a fast-forwarded day', async () => {
  const { page, errors } = await openPage(browser, `${server.url}cron?jobs=`);
  const input = page.getByRole('textbox', { name: 'Cron expression' });
  await input.fill('0 25 * * *');
  assert.match(await page.getByRole('alert').filter({ hasText: 'hour field' }).textContent(), /The hour field "25" is not valid/);
  await input.fill('*/15 * * * *');
  await page.getByLabel('Explanation').waitFor();
  assert.equal(await page.getByRole('list', { name: 'Next runs' }).getByRole('listitem').count(), 10);
  await page.getByRole('button', { name: 'Add job' }).click();
  await page.getByLabel('Runs of */15 * * * *').waitFor();
  await page.getByRole('button', { name: 'Fast-forward a day' }).click();
  await page.waitForFunction(() => document.querySelector('[aria-label="Runs of */15 * * * *"]')?.textContent === '96');
  await saveScreenshot(page, 'cron.png');
  // A day later the processes that still run are drawn up to the clock, not cut off part-way: with the
  // marks hidden, the bar's colour at its start is its colour just before the clock, and not after it.
  await page.addStyleTag({ content: 'svg.lanes .mark { display: none; }' });
  await page.locator('svg.lanes g.lane.running').first().scrollIntoViewIfNeeded();
  const now = await page.locator('svg.lanes line.now').boundingBox();
  const bar = await page.locator('svg.lanes g.lane.running rect.bar').first().boundingBox();
  const y = Math.round(bar.y + bar.height / 2);
  const start = await pixel(page, Math.round(bar.x) + 4, y);
  const [before, after] = [await pixel(page, Math.round(now.x) - 4, y), await pixel(page, Math.round(now.x) + 20, y)];
  assert.deepEqual(before, start, `the running bar reaches the clock: ${start} at its start, ${before} just before the clock`);
  assert.notDeepEqual(after, start, `the running bar ends at the clock: ${after} after it`);
  assert.deepEqual(errors, []);
});
