// The websocket ticker in the release build: against the simulated exchange in the page (no server at all),
// and against the local feed (`tasklane-feed`, built by the test command) over a real WebSocket: prices
// update, the feed is killed and restarted and the client reconnects with backoff and resubscribes exactly
// once per channel and pair; with the feed's malformed-frame switch on, skipped frames are counted and the
// stream goes on; a URL that is no websocket URL is refused with a message, as text; a fast feed outgrows
// what an address holds, and the share link replays the run to where recording stopped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serveAndLaunch, openPage, openPaused, playback, labelled, saveScreenshot, freePort, startFeed, LAPTOP } from './harness.mjs';

const app = serveAndLaunch();
const number = async (page, label) => Number(await labelled(page, label));

// Waits until the figure labelled `label` matches `match` (a RegExp) or, as a number, is above `above`.
async function until(page, label, { match, above }, what, timeout = 30_000) {
  const holds = ({ label, source, above }) => {
    const text = document.querySelector(`[aria-label="${label}"]`)?.textContent.trim() ?? '';
    return source === undefined ? Number(text) > above : new RegExp(source).test(text);
  };
  try {
    await page.waitForFunction(holds, { label, source: match?.source, above }, { timeout });
  } catch {
    throw new Error(`${label} is ${JSON.stringify(await labelled(page, label))}: ${what}`);
  }
}

// Waits until `more` frames have arrived beyond what the page counts now.
async function moreFrames(page, more, what) {
  await until(page, 'Frames received', { above: (await number(page, 'Frames received')) + more }, what);
}

const subscriptions = (page) => page.getByRole('region', { name: 'Subscriptions and problems' });

test('ticker on the simulated exchange: prices, a book, a dropped connection that comes back resubscribed', async () => {
  const { page, errors } = await openPaused(app.browser, app.server, 'ticker');
  await playback(page).getByRole('button', { name: 'Play' }).click();
  await until(page, 'Connection state', { match: /^up$/ }, 'connected');
  await until(page, 'Frames received', { above: 40 }, 'frames arrive');
  await page.getByRole('img', { name: 'XBT/USD price over the last minute' }).waitFor();
  assert.equal(await page.getByRole('table', { name: 'XBT/USD book, 10 levels' }).getByRole('row').count(), 11);
  const subs = subscriptions(page).getByRole('listitem').filter({ hasText: /subscribed \(channel \d+\)$/ });
  await subs.nth(3).waitFor();
  assert.equal(await subs.count(), 4);

  await page.getByRole('button', { name: 'Drop connection' }).click();
  await until(page, 'Reconnects', { match: /^1$/ }, 'one reconnect');
  await page.getByText(/last backoff \d+ ms, drawn from 250–500 ms/).waitFor();
  await until(page, 'Connection state', { match: /^up$/ }, 'back up');
  await until(page, 'Resubscriptions', { match: /^4$/ }, 'resubscribed once each');
  await moreFrames(page, 20, 'the stream goes on after the resubscription');
  assert.equal(await labelled(page, 'Resubscriptions'), '4');
  await saveScreenshot(page, 'ticker', { tablet: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test('ticker on the local feed: the feed is killed and restarted, the client reconnects and resubscribes once', async () => {
  const port = await freePort();
  let feed = await startFeed(port, ['--rate', '50']);
  const url = `ws://127.0.0.1:${port}`;
  const { page, errors } = await openPaused(app.browser, app.server, 'ticker', { source: url, backoff_min: '200', backoff_max: '1000' });
  await playback(page).getByRole('button', { name: 'Play' }).click();
  await until(page, 'Connection state', { match: /^up$/ }, 'connected to the feed');
  await until(page, 'Frames received', { above: 50 }, 'frames from the feed');
  await page.getByRole('img', { name: 'XBT/USD price over the last minute' }).waitFor();
  const subscribes = (lines) => lines.filter((l) => / subscribe /.test(l));
  assert.equal(subscribes(feed.lines).length, 4, feed.lines.join('\n'));

  await feed.stop();
  await until(page, 'Connection state', { match: /^(down|backing off|connecting)/ }, 'the client notices');
  await until(page, 'Reconnects', { above: 1 }, 'attempts while the feed is down');
  feed = await startFeed(port, ['--rate', '50']);
  await until(page, 'Connection state', { match: /^up$/ }, 'reconnected to the restarted feed', 40_000);
  await moreFrames(page, 20, 'the stream resumes');
  await moreFrames(page, 20, 'the stream goes on after the resubscription');
  // The restarted feed got each subscription exactly once.
  const again = subscribes(feed.lines);
  assert.equal(again.length, 4, again.join('\n'));
  assert.equal(new Set(again.map((l) => l.replace(/^.* subscribe /, ''))).size, 4);
  assert.equal(await labelled(page, 'Resubscriptions'), '4');
  assert.equal(await number(page, 'Malformed frames'), 0);
  await feed.stop();
  assert.deepEqual(errors.filter((e) => !/WebSocket connection to .* failed/.test(e)), []);
  await page.close();
});

test('ticker on the local feed with malformed frames: each is counted and skipped, and prices keep coming', async () => {
  const port = await freePort();
  const feed = await startFeed(port, ['--rate', '50', '--malformed-every', '10']);
  const { page, errors } = await openPaused(app.browser, app.server, 'ticker', { source: `ws://127.0.0.1:${port}` });
  await playback(page).getByRole('button', { name: 'Play' }).click();
  await until(page, 'Malformed frames', { above: 4 }, 'malformed frames counted');
  await moreFrames(page, 30, 'the stream goes on');
  assert.equal(await labelled(page, 'Reconnects'), '0');
  await subscriptions(page).getByText(/skipped a frame: malformed frame/).first().waitFor();
  await feed.stop();
  assert.deepEqual(errors.filter((e) => !/WebSocket connection to .* failed/.test(e)), []);
  await page.close();
});

test('ticker on a fast local feed: recording stops at what an address holds, and the share link replays the run to there', async () => {
  const port = await freePort();
  const feed = await startFeed(port, ['--rate', '300']);
  const subs = ['XBT/USD', 'ETH/USD', 'SOL/USD'].flatMap((p) => ['ticker', 'spread', 'book'].map((c) => `${p}:${c}`)).join(',');
  const { page, errors } = await openPaused(app.browser, app.server, 'ticker', { source: `ws://127.0.0.1:${port}`, subs });
  const bar = playback(page);
  await bar.getByRole('button', { name: 'Play' }).click();
  // About 900 frames a second of a few hundred bytes each: well past the 256 KB an address takes.
  await until(page, 'Frames received', { above: 3_000 }, 'a fast feed for a few seconds', 60_000);
  await bar.getByRole('button', { name: 'Pause' }).click();
  await feed.stop();
  await bar.getByRole('button', { name: 'Share this run' }).click();
  const notice = page.getByRole('status', { name: 'Notices' }).getByText(/^Recording stopped at (.+?): an address holds at most 256 KB of inputs/);
  const stoppedAt = (await notice.textContent()).match(/^Recording stopped at (.+?):/)[1];
  const url = await bar.getByRole('textbox', { name: 'Share URL' }).inputValue();
  assert.ok(url.length < 300_000, `the link is ${url.length} characters long`);
  const hash = await labelled(bar, 'Trace hash');
  assert.notEqual(await labelled(bar, 'Virtual time'), stoppedAt, 'the run went on past where recording stopped');

  const replay = await app.browser.newPage({ viewport: LAPTOP });
  await replay.goto(url);
  const replayBar = playback(replay);
  await replay.waitForFunction(
    (at) => document.querySelector('[aria-label="Virtual time"]')?.textContent === at && !document.querySelector('[aria-label="Replay progress"]'),
    stoppedAt,
    { timeout: 60_000 },
  );
  await replayBar.getByRole('button', { name: 'Share this run' }).click();
  assert.equal(await labelled(replayBar, 'Trace hash'), hash, 'the link reproduces the run where recording stopped');
  await replay.close();
  assert.deepEqual(errors.filter((e) => !/WebSocket connection to .* failed/.test(e)), []);
  await page.close();
});

test('ticker: a source that is no websocket URL is refused with a message, shown as text, and the run goes on', async () => {
  const { page, errors } = await openPage(app.browser, `${app.server.url}ticker?source=javascript%3Aalert(1)`);
  await page.getByRole('status', { name: 'Notices' }).getByText(/^Ignored source: "javascript:alert\(1\)" is not a websocket URL/).waitFor();
  const source = page.getByRole('textbox', { name: 'Source URL' });
  await source.fill('http://<img src=x onerror=alert(1)>');
  await source.press('Enter');
  const alert = page.getByRole('alert');
  await alert.getByText('"http://<img src=x onerror=alert(1)>" is not a websocket URL: it must start with ws:// or wss://.').waitFor();
  assert.equal(await page.locator('img[src=x]').count(), 0);
  await until(page, 'Connection state', { match: /^up$/ }, 'the simulated exchange still runs');
  assert.deepEqual(errors, []);
  await page.close();
});
