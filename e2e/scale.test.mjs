// The scale recipe in the release build: 100 shard supervisors × 100 counters and a stream of 10,000 tasks.
// Playback at 1× is paused at three moments and what the views show is noted; after the run, the scrubber goes
// back to each of those events and the views must show exactly what they showed when playback passed them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serveAndLaunch, openPaused, playback, labelled, pauseAt, saveScreenshot } from './harness.mjs';

const app = serveAndLaunch();

// What the views show: the timeline's counts of processes, finished and running, and the recipe's figures.
async function shown(page) {
  return {
    timeline: await labelled(page, 'Timeline summary'),
    items: await labelled(page, 'Items done'),
    inFlight: await labelled(page, 'Tasks in flight'),
    pings: await labelled(page, 'Pings received'),
  };
}

test('scale: scrubbing back to an event shows what playback showed when it passed that event', async () => {
  const { page, errors } = await openPaused(app.browser, app.server, 'scale');
  const bar = playback(page);
  const scrubber = bar.getByRole('slider', { name: 'Scrubber' });
  await bar.getByRole('button', { name: 'Play' }).click();
  const passed = [];
  for (const ms of [400, 1500, 2800]) {
    await pauseAt(page, ms);
    await bar.getByRole('button', { name: 'Play' }).waitFor();
    // Two frames on, every view shows the last event recorded.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    passed.push({ cursor: Number(await scrubber.evaluate((el) => el.max)), views: await shown(page) });
    await bar.getByRole('button', { name: 'Play' }).click();
  }
  await page.getByLabel('Stream result').filter({ hasText: /^:normal at \d+ ms$/ }).waitFor({ timeout: 60_000 });
  // The tree lives on after the stream (its counters wait for calls), so playback goes on until paused.
  await bar.getByRole('button', { name: 'Pause' }).click();
  await bar.getByRole('button', { name: 'Play' }).waitFor();
  const end = Number(await scrubber.evaluate((el) => el.max));
  assert.ok(end >= 100_000, `the run recorded ${end} events`);
  assert.match(await labelled(page, 'Timeline summary'), /^20102 processes · 10001 finished · 10101 running$/);
  assert.equal(await labelled(page, 'Items done'), '10000 of 10000');
  assert.match(await labelled(page, 'Tasks in flight'), /^0 \(peak 50 ≤ 50\)$/);
  assert.ok(passed[0].views.timeline !== passed[2].views.timeline, 'the three moments differ');

  for (const { cursor, views } of passed.reverse()) {
    await scrubber.fill(String(cursor));
    await bar.getByLabel('Position').filter({ hasText: `event ${cursor} of ${end}` }).waitFor();
    assert.deepEqual(await shown(page), views, `at event ${cursor}`);
  }
  await saveScreenshot(page, 'scale-scrubbed', { tablet: true });
  assert.deepEqual(errors, []);
});
