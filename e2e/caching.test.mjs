// The caching recipe in the release build: 200 clients per cache under the same seeded load, played at 10×
// to ten virtual seconds; the four caches all serve hits, the Agent's mailbox queues up while ETS has none,
// the heat map is drawn and hovering it names a cell's requests, the verdict is computed; bad settings in
// the form and in the URL are refused with a notice and the last good value stays.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serveAndLaunch, openPage, openPaused, playback, labelled, pauseAt, saveScreenshot } from './harness.mjs';

const app = serveAndLaunch();

const caches = ['Agent', 'ETS', 'GenServer per user', 'TTL cache (ConCache)'];
// "now / peak" → peak
const peak = (text) => Number(text.split(' / ')[1]);

test('caching at 200 clients: four caches with hits, the Agent queues and ETS does not, a heat map and a verdict', async () => {
  const { page, errors } = await openPaused(app.browser, app.server, 'caching', { clients: '200' });
  const bar = playback(page);
  await bar.getByRole('combobox', { name: 'Speed' }).selectOption('10');
  await bar.getByRole('button', { name: 'Play' }).click();
  await pauseAt(page, 10_000);
  await bar.getByRole('button', { name: 'Play' }).waitFor();
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));

  for (const cache of caches) {
    const hits = Number(await labelled(page, `${cache} hits`));
    assert.ok(hits > 0, `${cache} served ${hits} hits`);
  }
  const agent = peak(await labelled(page, 'Agent mailbox'));
  const ets = peak(await labelled(page, 'ETS mailbox'));
  assert.ok(agent > ets, `the Agent's mailbox peaked at ${agent}, ETS's at ${ets}`);
  assert.equal(ets, 0);
  const verdict = page.getByRole('list', { name: 'Verdict' }).getByRole('listitem');
  assert.equal(await verdict.count(), 3);
  assert.match(await verdict.nth(2).textContent(), new RegExp(`^The Agent's mailbox peaked at ${agent} messages? at \\d+\\.\\d s\\.$`));

  // The heat map is drawn: some of its pixels are coloured.
  const map = page.getByRole('img', { name: 'Cache heat map' });
  const painted = await map.evaluate((canvas) => {
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) n += data[i] > 0 ? 1 : 0;
    return n;
  });
  assert.ok(painted > 1000, `${painted} painted pixels`);
  await map.scrollIntoViewIfNeeded();
  const box = await map.boundingBox();
  // The second column from the right (the last second before the current one), the top row (key 0).
  await page.mouse.move(box.x + box.width - (box.width / 60) * 1.5, box.y + 2);
  await page.getByText(/^Key 0, \d+–\d+ s: \d+ hit/).waitFor();
  await page.getByRole('combobox', { name: 'Heat map cache' }).selectOption('ets');
  await page.getByText(/^Key 0, \d+–\d+ s: .*(hit|miss|stampede)/).waitFor();

  // The leaderboard: ETS readers never wait; GenServer readers wait behind the rounds.
  assert.match(await labelled(page, 'ETS readers'), /^\d+ reads, p95 0 ms, max 0 ms$/);
  assert.match(await labelled(page, 'GenServer readers'), /^\d+ reads, p95 \d+ ms, max [1-9]\d* ms$/);
  assert.equal(await page.getByRole('table', { name: /Top ten/ }).getByRole('row').count(), 11);
  await saveScreenshot(page, 'caching', { tablet: true });

  // A client count out of range is refused, and the field shows the last good one.
  const clients = page.getByRole('group', { name: 'Caching controls' }).getByRole('spinbutton', { name: 'Clients per cache' });
  await clients.fill('900');
  await clients.press('Enter');
  await page.getByRole('status', { name: 'Notices' }).getByText('Clients per cache is a whole number from 1 to 500; kept 200.').waitFor();
  assert.equal(await clients.inputValue(), '200');
  const skew = page.getByRole('textbox', { name: 'Zipf skew' });
  await skew.fill('7.5');
  await skew.press('Enter');
  await page.getByRole('status', { name: 'Notices' }).getByText(/^Zipf skew is a number from 0\.0 to 3\.0, one decimal; kept 1\.0\.$/).waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test('caching: settings out of range in the URL get a notice each, and the defaults run', async () => {
  const { page, errors } = await openPage(app.browser, `${app.server.url}caching?clients=9999&skew=abc&ttl=5`);
  const notices = page.getByRole('status', { name: 'Notices' });
  await notices.getByText('Ignored clients="9999": expected a whole number from 1 to 500; using 100.').waitFor();
  await notices.getByText(/^Ignored skew="abc": expected a number from 0\.0 \(uniform\) to 3\.0/).waitFor();
  await notices.getByText('Ignored ttl="5": expected a whole number from 100 to 600000; using 5000.').waitFor();
  const clients = page.getByRole('spinbutton', { name: 'Clients per cache' });
  assert.equal(await clients.inputValue(), '100');
  assert.deepEqual(errors, []);
  await page.close();
});
