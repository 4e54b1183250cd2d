// The recipes in the release build, driven deterministically: each opens paused at its start with a known
// seed (a share link replayed to step 0), then moves only by "Step to the next event", recipe inputs,
// "As fast as possible" runs to the end, and share links, so every outcome asserted is exact whatever the
// machine's speed. Covers fan-out timing, scrubbing and share links, fire and forget, periodic work, cron
// and the keyboard, and writes screenshots (laptop and tablet size) to target/e2e-screenshots/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  serveAndLaunch,
  openPage,
  openPaused,
  playback,
  eventLog,
  newestSeq,
  showsEvent,
  stepUntil,
  labelled,
  saveScreenshot,
  pixel,
  pausedAt0,
  LAPTOP,
} from './harness.mjs';

const app = serveAndLaunch();

const ms = (text) => Number(/^(\d+) ms/.exec(text)?.[1]);

test('fan-out of 50 tasks, as fast as possible: total = longest task; scrubbing back shows fewer finished; its share link replays it', async () => {
  const { page, errors } = await openPaused(app.browser, app.server, 'fan-out');
  const bar = playback(page);
  const controls = page.getByRole('group', { name: 'Fan-out controls' });
  await bar.getByRole('combobox', { name: 'Speed' }).selectOption('max');
  // A new task count starts a new run (same seed), paused as the run was; played as fast as possible, it
  // runs until nothing is left to do, and the driver stops by itself.
  await controls.getByRole('slider', { name: 'Tasks' }).fill('50');
  await page.waitForURL(/[?&]tasks=50(&|$)/);
  assert.equal(await bar.getByRole('button', { name: 'Play' }).count(), 1, 'the new run is paused, as the old one was');
  await bar.getByRole('button', { name: 'Play' }).click();
  await page.getByLabel('Total time', { exact: true }).filter({ hasText: /ms \(/ }).waitFor();
  await bar.getByRole('button', { name: 'Play' }).waitFor();
  assert.equal(await labelled(controls, 'Task count'), '50');
  const total = await labelled(page, 'Total time');
  const longest = await labelled(page, 'Longest task');
  const sum = await labelled(page, 'Sequential sum');
  assert.match(total, /^\d+ ms \(:normal\)$/);
  assert.equal(ms(total), ms(longest), `total ${total}, longest ${longest}`);
  assert.ok(ms(sum) > ms(longest) * 10, `sum ${sum} vs longest ${longest}`);
  assert.equal(await labelled(page, 'Finished tasks'), '50 of 50');
  assert.deepEqual([await labelled(page, 'Crashed tasks'), await labelled(page, 'Stopped tasks')], ['0', '0']);
  // caller + 50 uploads, every one finished.
  assert.equal(await labelled(page, 'Timeline summary'), '51 processes · 51 finished · 0 running');
  assert.equal(await labelled(bar, 'Position'), 'live');
  await saveScreenshot(page, 'fan-out', { tablet: true });

  const scrubber = bar.getByRole('slider', { name: 'Scrubber' });
  const end = Number(await scrubber.evaluate((el) => el.max));
  const half = Math.floor(end / 2);
  await scrubber.fill(String(half));
  await bar.getByLabel('Position').filter({ hasText: `event ${half} of ${end}` }).waitFor();
  const finishedMid = await labelled(page, 'Finished tasks');
  const [mid, started] = finishedMid.split(' of ').map(Number);
  assert.ok(mid < 50 && started <= 50, `mid-run shows ${finishedMid}`);
  assert.equal(await newestSeq(page), half - 1, 'the log ends at the event before the cursor');
  await saveScreenshot(page, 'fan-out-scrubbed');

  // The share link of this moment, opened fresh, replays the run to the same trace and the same view.
  await bar.getByRole('button', { name: 'Share this run' }).click();
  const url = await bar.getByRole('textbox', { name: 'Share URL' }).inputValue();
  const hash = await labelled(bar, 'Trace hash');
  assert.match(url, new RegExp(`^${app.server.url}fan-out\\?seed=42&.*tasks=50.*&cursor=${half}$`));
  const replay = await openPage(app.browser, url);
  const replayBar = playback(replay.page);
  await replayBar.getByLabel('Position').filter({ hasText: `event ${half} of ${end}` }).waitFor();
  assert.equal(await labelled(replay.page, 'Finished tasks'), finishedMid);
  assert.equal(await labelled(replay.page, 'Total time'), 'running…');
  await replayBar.getByRole('button', { name: 'Share this run' }).click();
  assert.equal(await labelled(replayBar, 'Trace hash'), hash);
  assert.equal(await replayBar.getByRole('textbox', { name: 'Share URL' }).inputValue(), url);
  assert.deepEqual(replay.errors, []);
  await replay.page.close();
  assert.deepEqual(errors, []);
});

test('fire and forget: fire ten, crash one, stop the supervisor, then fire into a dead supervisor', async () => {
  const { page, errors } = await openPaused(app.browser, app.server, 'fire-and-forget');
  const controls = page.getByRole('group', { name: 'Fire and forget controls' });
  const running = () => labelled(page, 'Running children');
  const crashed = () => labelled(page, 'Crashed children');
  await controls.getByRole('button', { name: 'Fire 10' }).click();
  // Ready processes run before the clock moves, so all ten start at 0 ms.
  await stepUntil(page, async () => (await running()) === '10', { what: 'ten running children' });
  assert.equal(await crashed(), '0');
  await controls.getByRole('button', { name: 'Crash one' }).click();
  await stepUntil(page, async () => (await crashed()) === '1', { what: 'one crashed child' });
  assert.equal(await running(), '9');
  assert.equal(await labelled(playback(page), 'Virtual time'), '0 ms');
  assert.match(await eventLog(page).textContent(), /exited: :smtp_timeout/);
  await saveScreenshot(page, 'fire-and-forget', { tablet: true });

  await controls.getByRole('button', { name: 'Stop supervisor' }).click();
  await stepUntil(page, async () => (await running()) === '0', { what: 'no running children' });
  const log = eventLog(page).getByRole('listitem');
  const shutdowns = log.filter({ hasText: /exited: :shutdown$/ });
  // The nine running children exit :shutdown; the crashed one stays crashed.
  assert.equal(await shutdowns.count(), 9);
  assert.equal(await crashed(), '1');
  // With the supervisor gone too, the web request's start_child calls a dead process and exits
  // {:noproc, {GenServer, :call, [supervisor, request, :infinity]}}.
  await stepUntil(page, async () => (await shutdowns.count()) === 10, { what: 'the supervisor exiting :shutdown' });
  // Crash one now says why nothing can crash: the supervisor is gone, not merely idle.
  await controls.getByRole('button', { name: 'Crash one' }).click();
  await page.getByRole('status', { name: 'Notices' }).filter({ hasText: 'The supervisor is gone' }).waitFor();
  await controls.getByRole('button', { name: 'Fire', exact: true }).click();
  await stepUntil(page, async () => (await log.filter({ hasText: /exited: \{:noproc, \{GenServer, :call, \[.*, :infinity\]\}\}$/ }).count()) === 1, {
    what: 'the web request exiting {:noproc, {GenServer, :call, …}}',
  });
  assert.equal(await running(), '0');
  assert.deepEqual(errors, []);
});

test('keyboard: the right arrow steps exactly one event; space plays and pauses', async () => {
  const { page, errors } = await openPaused(app.browser, app.server, 'fan-out', { tasks: '5' });
  const bar = playback(page);
  const body = page.locator('body');
  const first = await newestSeq(page);
  for (const n of [1, 2, 3]) {
    await body.press('ArrowRight');
    await showsEvent(page, first + n);
  }
  assert.equal(await eventLog(page).getByRole('listitem').count(), first + 4);
  await bar.getByRole('button', { name: 'Play' }).waitFor();
  await body.press('Space');
  await bar.getByRole('button', { name: 'Pause' }).waitFor();
  await body.press('Space');
  await bar.getByRole('button', { name: 'Play' }).waitFor();
  assert.deepEqual(errors, []);
});

test('periodic work (work 1.5 s > interval 1 s): drift, cancel_timer, and a supervisor that gives up', async () => {
  const { page, errors } = await openPaused(app.browser, app.server, 'periodic', { work: '1500' });
  const ticks = (name) => labelled(page, `${name} ticks`);
  const card = page.getByRole('article', { name: 'Ticker ticker_1' });
  await stepUntil(page, async () => (await ticks('ticker_1')) === '3', { what: 'three ticks of ticker_1' });
  // Fixed delay ticks at 1000, 3500, 6000 ms (interval after the work); fixed rate runs back to back,
  // at 1000, 2500, 4000, 5500 ms.
  assert.equal(await labelled(playback(page), 'Virtual time'), '6 s');
  assert.equal(await ticks('fixed_rate_1'), '4');
  assert.equal(await card.getByRole('img').getAttribute('aria-label'), 'Ticks in the last 10 s: 3; pending timer none');

  // cancel_timer waits for the tick's work (until 7500 ms), which has just set the next timer, due at 8500.
  await card.getByRole('button', { name: 'Cancel timer' }).click();
  await stepUntil(page, async () => (await labelled(page, 'ticker_1 cancel result')) !== '—', {
    what: 'a cancel_timer result',
  });
  assert.equal(await labelled(page, 'ticker_1 cancel result'), '1000 ms left');
  assert.equal(await labelled(page, 'ticker_1 pending timer'), 'none');
  assert.equal(await labelled(playback(page), 'Virtual time'), '7.5 s');
  await saveScreenshot(page, 'periodic', { tablet: true });

  // Three restarts within 5 s are allowed; the fourth crash makes the supervisor give up.
  const restarts = eventLog(page).getByRole('listitem').filter({ hasText: /restarted ticker_1:/ });
  for (let crash = 1; crash <= 3; crash++) {
    await card.getByRole('button', { name: 'Crash' }).click();
    await stepUntil(page, async () => (await restarts.count()) === crash, { what: `restart ${crash}` });
  }
  await card.getByRole('button', { name: 'Crash' }).click();
  const gaveUp = page.getByRole('alert').filter({ hasText: 'the supervisor gave up' });
  await stepUntil(page, async () => (await gaveUp.count()) === 1, { what: 'the supervisor giving up' });
  assert.match(await gaveUp.textContent(), /^At 7500 ms the supervisor gave up: more than 3 restarts within 5 s\./);
  assert.equal(await restarts.count(), 3);
  assert.deepEqual(errors, []);
});

test('periodic work past a full trace: every ticker stays drawn and counted, and the scrubber stops where the views can restore', async () => {
  const { page, errors } = await openPaused(app.browser, app.server, 'periodic', {
    interval: '100',
    work: '20',
    services: '9',
  });
  const bar = playback(page);
  await bar.getByRole('combobox', { name: 'Speed' }).selectOption('max');
  await bar.getByRole('button', { name: 'Play' }).click();
  // The 200,000-event trace fills, then drops its oldest events, the spawns of every process among them.
  await bar.getByLabel('Position').filter({ hasText: 'from event' }).waitFor({ timeout: 120_000 });
  await bar.getByRole('button', { name: 'Pause' }).click();
  await bar.getByRole('button', { name: 'Play' }).waitFor();
  // Nine services of two tickers each, their supervisor and the console: all still drawn, all running.
  const summary = '20 processes · 0 finished · 20 running';
  assert.equal(await labelled(page, 'Timeline summary'), summary);
  const card = page.getByRole('article', { name: 'Ticker ticker_1' });
  const ticks = Number(await labelled(page, 'ticker_1 ticks'));
  assert.ok(ticks > 1_000, `ticker_1 has ticked ${ticks} times`);
  assert.equal(await card.getByRole('button', { name: 'Crash' }).isDisabled(), false);

  // The scrubber starts at the earliest event the views can restore, and the bar says so.
  const scrubber = bar.getByRole('slider', { name: 'Scrubber' });
  const floor = Number(await scrubber.evaluate((el) => el.min));
  assert.ok(floor > 0, `the floor is ${floor}`);
  assert.equal(await labelled(bar, 'Position'), `live · from event ${floor}`);
  await scrubber.fill('0');
  await bar.getByLabel('Position').filter({ hasText: new RegExp(`^event ${floor} of \\d+ · from event ${floor}$`) }).waitFor();
  assert.equal(await labelled(page, 'Timeline summary'), summary);
  const ticksBack = Number(await labelled(page, 'ticker_1 ticks'));
  assert.ok(ticksBack > 0 && ticksBack < ticks, `scrubbed back, ticker_1 shows ${ticksBack} ticks (live ${ticks})`);
  assert.equal(await newestSeq(page), floor - 1, 'the log ends at the event before the cursor');
  assert.deepEqual(errors, []);
});

test('cron: an invalid expression is explained; */15 fires 96 times in a fast-forwarded day; running bars reach the clock', async () => {
  const { page, errors } = await openPaused(app.browser, app.server, 'cron', { jobs: '' });
  const controls = page.getByRole('group', { name: 'Cron controls' });
  const input = controls.getByRole('textbox', { name: 'Cron expression' });
  await input.fill('0 25 * * *');
  assert.match(await page.getByRole('alert', { name: 'Cron error' }).textContent(), /The hour field "25" is not valid/);
  // An expression no date can match says so.
  await input.fill('* * 31 2 *');
  await page.getByRole('alert', { name: 'Cron error' }).filter({ hasText: 'never runs: February has no day 31' }).waitFor();
  await input.fill('*/15 * * * *');
  await page.getByLabel('Explanation').waitFor();
  const next = page.getByRole('list', { name: 'Next runs' }).getByRole('listitem');
  assert.equal(await next.count(), 10);
  assert.match(await next.first().textContent(), /00:15/, 'paused at 0 ms, the first run is at 00:15');
  await controls.getByRole('button', { name: 'Add job' }).click();
  await page.getByLabel('Runs of */15 * * * *').waitFor();
  assert.equal(await page.getByRole('list', { name: 'Jobs' }).getByRole('listitem').count(), 1);
  assert.equal(await playback(page).getByRole('button', { name: 'Play' }).count(), 1, 'adding a job keeps the run, paused');
  await page.close();

  const { page: day, errors: dayErrors } = await openPaused(app.browser, app.server, 'cron', { jobs: '*/15 * * * *' });
  const runs = day.getByLabel('Runs of */15 * * * *');
  assert.equal(await runs.textContent(), '0');
  await day.getByRole('group', { name: 'Cron controls' }).getByRole('button', { name: 'Fast-forward a day' }).click();
  await playback(day).getByLabel('Virtual time').filter({ hasText: '24:00:00' }).waitFor();
  assert.equal(await runs.textContent(), '96');
  await saveScreenshot(day, 'cron', { tablet: true });

  // A day later the processes that still run are drawn up to the clock, not cut off part-way: on the
  // canvas, the job supervisor's bar has its colour at its start and just before the clock (the end
  // of a fitted day, 24:00:00), and not after it. Its row is found through the lane table.
  const timeline = day.getByRole('img', { name: /^Timeline of \d+ processes$/ });
  assert.equal(await day.getByLabel('Shown span').textContent(), '0 ms – 24:00:00');
  await day.locator('details.lane-table summary').click();
  const rows = await day.getByRole('table', { name: 'Lanes' }).locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [tr.cells[0].textContent, tr.cells[3].textContent]));
  const row = rows.findIndex(([name, state]) => name.startsWith('Quantum.JobSupervisor') && state.startsWith('running'));
  assert.ok(row >= 0, JSON.stringify(rows.slice(0, 4)));
  const box = await timeline.boundingBox();
  const [axisH, rowH, right] = [22, 18, 10];
  const gutter = Math.min(Math.max(box.width * 0.36, 150), 300);
  const y = Math.round(box.y + axisH + row * rowH + rowH / 2);
  const clock = box.x + box.width - right;
  const start = await pixel(day, Math.round(box.x + gutter + 3), y);
  const [before, after] = [await pixel(day, Math.round(clock - 3), y), await pixel(day, Math.round(clock + 4), y)];
  assert.deepEqual(before, start, `the running bar reaches the clock: ${start} at its start, ${before} just before the clock`);
  assert.notDeepEqual(after, start, `the running bar ends at the clock: ${after} after it`);

  // The scheduler takes a job added, a job removed and a new overlap setting as it runs: the
  // fast-forwarded day stays, and so do its 96 runs.
  const controls2 = day.getByRole('group', { name: 'Cron controls' });
  await controls2.getByRole('textbox', { name: 'Cron expression' }).fill('0 * * * *');
  await controls2.getByRole('button', { name: 'Add job' }).click();
  await day.getByLabel('Runs of 0 * * * *').waitFor();
  await controls2.getByRole('combobox', { name: 'Overlap' }).selectOption('allow');
  await day.getByRole('button', { name: 'Remove */15 * * * *' }).click();
  await day.getByLabel('Runs of */15 * * * *').waitFor({ state: 'detached' });
  assert.equal(await labelled(playback(day), 'Virtual time'), '24:00:00', 'no new run: the clock stays');
  assert.equal(await day.getByRole('list', { name: 'Jobs' }).getByRole('listitem').count(), 1);
  assert.match(day.url(), /inputs=[^&]*add/, 'the address bar records the change');
  assert.deepEqual(errors, []);
  assert.deepEqual(dayErrors, []);
});

// A promise the test resolves when it wants, and a route handler that holds requests until then.
function held() {
  let release;
  const until = new Promise((ok) => (release = ok));
  return { release, route: async (route) => route.continue(await until) };
}

test('the code panel lights the lines of the mode that runs, and scrolls them into view, also when its source comes late', async () => {
  const elixirFile = held();
  const url = `${app.server.url}fan-out${pausedAt0({ mode: 'nolink' })}`;
  const { page, errors } = await openPage(app.browser, url, LAPTOP, (page) =>
    page.route('**/recipes/fan_out/fan_out.ex', elixirFile.route),
  );
  const bar = playback(page);
  await eventLog(page).getByRole('listitem').first().waitFor();
  await bar.getByRole('combobox', { name: 'Speed' }).selectOption('max');
  await bar.getByRole('button', { name: 'Play' }).click();
  await page.getByLabel('Total time', { exact: true }).filter({ hasText: /ms \(/ }).waitFor();
  const source = page.getByRole('region', { name: 'Code' }).getByLabel('Elixir source');
  assert.equal(await source.textContent(), 'Loading source…', 'the Elixir is still on its way');
  elixirFile.release();
  // The run ends by gathering the tasks' answers: yield_many in the nolink function, not await_many.
  const lit = source.locator('.line.current');
  await lit.first().waitFor();
  assert.deepEqual(await lit.allTextContents(), ['    |> Task.yield_many(timeout)\n']);
  const [box, line] = [await source.boundingBox(), await lit.boundingBox()];
  assert.ok(line.y >= box.y && line.y + line.height <= box.y + box.height, 'the lit line is inside the code box');
  assert.deepEqual(errors, []);
});

test('the code panel fetches each source once: it says so while one loads, and why one cannot be loaded', async () => {
  const fetched = [];
  // The periodic Elixir arrives when the test says so; the cron Rust is missing.
  const elixirFile = held();
  const { page, errors } = await openPage(app.browser, `${app.server.url}periodic${pausedAt0()}`, LAPTOP, async (page) => {
    page.on('request', (req) => {
      const path = new URL(req.url()).pathname;
      if (path.startsWith('/recipes/')) fetched.push(path);
    });
    await page.route('**/recipes/periodic/periodic.ex', elixirFile.route);
    await page.route('**/recipes/cron/scenario.rs', (route) => route.fulfill({ status: 404, body: 'not found' }));
  });
  const code = page.getByRole('region', { name: 'Code' });
  const elixir = code.getByLabel('Elixir source');
  const lines = elixir.locator('.line');
  await elixir.getByText('Loading source…', { exact: true }).waitFor();
  elixirFile.release();
  await lines.filter({ hasText: 'def handle_info(:work, state) do' }).waitFor();
  assert.equal(await elixir.getByText('Loading source…').count(), 0);

  const recipes = page.getByRole('navigation', { name: 'Recipes' });
  await recipes.getByRole('link', { name: /^Cron/ }).click();
  await page.getByRole('region', { name: 'Cron' }).getByRole('heading', { level: 2 }).waitFor();
  await code.getByRole('tab', { name: 'Rust (runs)' }).click();
  await code.getByLabel('Rust source').getByText('Could not load cron/scenario.rs: 404 Not Found', { exact: true }).waitFor();

  // Back on periodic, its sources show at once, with no second fetch.
  await recipes.getByRole('link', { name: /^Periodic work/ }).click();
  await page.getByRole('region', { name: 'Periodic work' }).getByRole('heading', { level: 2 }).waitFor();
  assert.ok((await lines.count()) > 10, 'the Elixir shows as the page opens');
  assert.deepEqual(fetched.sort(), [
    '/recipes/cron/cron.ex',
    '/recipes/cron/scenario.rs',
    '/recipes/periodic/periodic.ex',
    '/recipes/periodic/scenario.rs',
  ]);
  assert.deepEqual(errors.filter((e) => !e.includes('404')), []);
});

test('a long share link (3,000 presses of Fire 10) replays in slices, with its progress shown, then waits paused', async () => {
  const inputs = Array.from({ length: 3000 }, (_, k) => `${k * 50}.${k * 10}.fire10`).join('~');
  const { page, errors } = await openPage(app.browser, `${app.server.url}fire-and-forget?seed=42&inputs=${inputs}`);
  const progress = page.getByRole('status').filter({ hasText: 'Replaying the shared run' });
  await progress.waitFor();
  assert.ok(await playback(page).getByRole('button', { name: 'Play' }).isDisabled(), 'no playing while it replays');
  await progress.waitFor({ state: 'detached', timeout: 60_000 });
  await playback(page).getByRole('button', { name: 'Play' }).and(page.locator(':enabled')).waitFor();
  const processes = Number(/^([\d,]+) processes/.exec(await labelled(page, 'Timeline summary'))[1].replaceAll(',', ''));
  // The replay stops just after the last press, whose message still waits in the web request's mailbox:
  // every press before it has started its ten notifications.
  assert.ok(processes >= 2 + 2999 * 10, `${processes} processes: every press replayed`);
  assert.deepEqual(errors, []);
});
