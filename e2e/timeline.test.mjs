// The canvas timeline in the release build: its axis fits what happened, zoom and pan by buttons, keys, wheel
// and drag, hover details that name processes as the event log does, folding a group, and the lane table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serveAndLaunch, openPaused, playback, labelled, saveScreenshot } from './harness.mjs';

const app = serveAndLaunch();

// The "Shown span" hint as [from, to] in ms ("0 ms – 2.7 s").
async function shownSpan(page) {
  const parse = (text) => {
    if (text.endsWith(' ms')) return Number(text.slice(0, -3));
    if (text.endsWith(' s')) return Number(text.slice(0, -2)) * 1000;
    const [h, m, s] = text.split(':').map(Number);
    return ((h * 60 + m) * 60 + s) * 1000;
  };
  return (await labelled(page, 'Shown span')).split(' – ').map(parse);
}

test('the timeline fits a finished run, zooms and pans, names processes as the log does, and folds a caller with its tasks', async () => {
  const { page, errors } = await openPaused(app.browser, app.server, 'fan-out', { tasks: '20' });
  const bar = playback(page);
  await bar.getByRole('combobox', { name: 'Speed' }).selectOption('max');
  await bar.getByRole('button', { name: 'Play' }).click();
  await page.getByLabel('Total time', { exact: true }).filter({ hasText: /ms \(/ }).waitFor();
  const total = Number(/^(\d+) ms/.exec(await labelled(page, 'Total time'))[1]);

  // The axis ends just after the last exit, whatever the clock says.
  const [from, to] = await shownSpan(page);
  assert.equal(from, 0);
  assert.ok(to >= total && to <= total * 1.1 + 100, `a ${total} ms run shows up to ${to} ms`);

  const zoom = page.getByRole('group', { name: 'Timeline zoom' });
  await zoom.getByRole('button', { name: 'Zoom in' }).click();
  const [zFrom, zTo] = await shownSpan(page);
  assert.ok(zTo - zFrom < (to - from) * 0.6, `zoomed in: ${zFrom}–${zTo}`);
  assert.equal(await zoom.getByRole('button', { name: 'Fit' }).getAttribute('aria-pressed'), 'false');

  // Dragging the canvas to the right shows earlier times; D pans later; 0 fits again.
  const canvas = page.getByRole('img', { name: /^Timeline of \d+ processes$/ });
  const box = await canvas.boundingBox();
  await page.getByLabel(/^Timeline: /).focus();
  await page.keyboard.press('d');
  const [dFrom] = await shownSpan(page);
  assert.ok(dFrom > zFrom, `D pans later: ${zFrom} → ${dFrom}`);
  await page.mouse.move(box.x + box.width * 0.6, box.y + 40);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.9, box.y + 40, { steps: 5 });
  await page.mouse.up();
  const [gFrom] = await shownSpan(page);
  assert.ok(gFrom < dFrom, `dragging right shows earlier times: ${dFrom} → ${gFrom}`);
  await page.keyboard.press('0');
  assert.deepEqual(await shownSpan(page), [from, to], '0 fits the run again');

  // Ctrl+wheel zooms around the pointer.
  await page.mouse.move(box.x + box.width * 0.8, box.y + 60);
  await page.keyboard.down('Control');
  await page.mouse.wheel(0, -400);
  await page.keyboard.up('Control');
  const [wFrom, wTo] = await shownSpan(page);
  assert.ok(wTo - wFrom < to - from && wFrom > 0, `Ctrl+wheel zoomed in around the pointer: ${wFrom}–${wTo}`);
  await zoom.getByRole('button', { name: 'Fit' }).click();

  // Hovering the second row (the first upload) names it as the log does, with its parent and its exit.
  const rowY = (row) => box.y + 22 + row * 18 + 9;
  await page.mouse.move(box.x + box.width * 0.5, rowY(1));
  const tip = await page.getByRole('tooltip').textContent();
  assert.match(tip, /^upload #PID<0\.\d+\.0> \(task\), under caller #PID<0\.1\.0>: started at 0 ms; exited :normal at /);
  const log = await page.getByRole('region', { name: 'Event log' }).textContent();
  assert.match(log, /caller #PID<0\.1\.0>/, 'the log names the caller as the lanes do');

  // The lane table lists every lane; clicking the caller's toggle folds its twenty tasks into its row.
  const table = page.locator('details.lane-table');
  await table.locator('summary').click();
  const rows = page.getByRole('table', { name: 'Lanes' }).locator('tbody tr');
  await rows.nth(20).waitFor();
  assert.equal(await rows.count(), 21);
  await canvas.scrollIntoViewIfNeeded();
  const moved = await canvas.boundingBox();
  await page.mouse.click(moved.x + 8, moved.y + 22 + 9);
  await table.locator('summary').filter({ hasText: 'Lane table (1 rows)' }).waitFor();
  assert.match(await page.getByRole('table', { name: 'Lanes' }).locator('tbody tr').textContent(), /caller #PID<0\.1\.0> \(\+20 folded\)/);
  assert.equal(await labelled(page, 'Timeline summary'), '21 processes · 21 finished · 0 running', 'folded rows are still counted');
  await zoom.getByRole('button', { name: 'Unfold all' }).click();
  await table.locator('summary').filter({ hasText: 'Lane table (21 rows)' }).waitFor();
  await saveScreenshot(page, 'timeline-fan-out', { tablet: true });
  assert.deepEqual(errors, []);
});
