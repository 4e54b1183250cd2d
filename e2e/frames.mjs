// Frame-time and memory benchmark of the release build in headless Chromium (run by `./scripts/bench frames`,
// or `node frames.mjs [scenario...]` here; not a test: node --test runs only *.test.mjs files).
// For each frame scenario it prints exactly two lines:
//   frames <scenario> n=<frames> p50=<ms> p95=<ms> max=<ms>   (requestAnimationFrame intervals; for scrub,
//                                                              the time from each jump's input to the next painted frame)
//   memory <scenario> wasm=<bytes> js=<bytes>                  (wasm linear memory; used JS heap after a GC)
// `caching-500` also prints `rate caching-500 events-per-virtual-s=<n>` and `ticker-200fps` prints
// `rate ticker-200fps frames-per-s=<n>` (it starts the local feed, target/release/tasklane-feed);
// the memory scenarios `tickers-9-10min` and `ticker-10min` print a `memory … ` line after one and after ten
// virtual minutes at full speed (`tickers-9-1min`, `tickers-9-10min`; `ticker-1min`, `ticker-10min`).
// FRAMES_DEBUG=1 also prints every sample.
import { setTimeout as sleep } from 'node:timers/promises';
import { serveDist, launchChromium, pausedAt0, pauseAt, LAPTOP, freePort, startFeed } from './harness.mjs';

// Each scenario opens a recipe paused at its start (seed 42), sets 10×, and returns the frame intervals
// (ms) of the stretch it measures.
const scenarios = {
  // 1,000 fan-out tasks at 10×: the frames from Play until the caller has every answer (or gave up).
  'fanout-1000': async (page, url) => {
    await open(page, `${url}fan-out${pausedAt0({ tasks: '1000', timeout: '10000' })}`);
    return page.evaluate(
      () =>
        new Promise((done, fail) => {
          const play = document.querySelector('[role=toolbar][aria-label=Playback] button[aria-label=Play]');
          const total = () => document.querySelector('dd[aria-label="Total time"]')?.textContent ?? '';
          const intervals = [];
          let last = null;
          const started = performance.now();
          const frame = (t) => {
            if (last === null) play.click();
            else intervals.push(t - last);
            last = t;
            if (/ms \(/.test(total())) done(intervals);
            else if (t - started > 120_000) fail(new Error(`the fan-out did not finish in 2 minutes: ${total()}`));
            else requestAnimationFrame(frame);
          };
          requestAnimationFrame(frame);
        }),
    );
  },
  // Periodic work with nine services (a fixed-delay and a fixed-rate ticker each) every 100 ms, at 10×:
  // the frames of 3 s after 8 s of running.
  'tickers-9': async (page, url) => {
    await open(page, `${url}periodic${pausedAt0({ interval: '100', work: '20', services: '9' })}`);
    await page.getByRole('toolbar', { name: 'Playback' }).getByRole('button', { name: 'Play' }).click();
    await page.getByRole('toolbar', { name: 'Playback' }).getByRole('button', { name: 'Pause' }).waitFor();
    await sleep(8000);
    return steadyFrames(page, 3000);
  },
  // The scale recipe at 1×: 100 supervisors × 100 counters and a stream of 10,000 tasks, 50 at a time. Once
  // the tree is up (10,000 processes), the frames of 2.5 s of steady playback, by which time at least
  // 100,000 events have been recorded.
  'scale-10k': async (page, url) => {
    await open(page, `${url}scale${pausedAt0({})}`, '1');
    const bar = page.getByRole('toolbar', { name: 'Playback' });
    await bar.getByRole('button', { name: 'Play' }).click();
    await page.waitForFunction(() => Number(document.querySelector('dd[aria-label="Processes started"]')?.textContent) >= 10_000);
    await sleep(500);
    const intervals = await steadyFrames(page, 2500);
    const events = Number(await bar.getByRole('slider', { name: 'Scrubber' }).getAttribute('max'));
    const processes = Number(await page.getByLabel('Processes started').textContent());
    if (events < 100_000 || processes < 10_000) throw new Error(`scale-10k reached ${processes} processes and ${events} events`);
    return intervals;
  },
  // The caching recipe with 500 clients per cache (2,000 clients) at 10×: the frames of 3 s after 8 s of
  // running, and the trace events recorded per virtual second over those 3 s (printed as a `rate` line).
  'caching-500': async (page, url) => {
    await open(page, `${url}caching${pausedAt0({ clients: '500' })}`);
    const bar = page.getByRole('toolbar', { name: 'Playback' });
    await bar.getByRole('button', { name: 'Play' }).click();
    await sleep(8000);
    const progress = async () => ({
      events: Number(await bar.getByRole('slider', { name: 'Scrubber' }).getAttribute('max')),
      ms: virtualMs(await bar.locator('output[aria-label="Virtual time"]').textContent()),
    });
    const before = await progress();
    const intervals = await steadyFrames(page, 3000);
    const after = await progress();
    if (after.ms <= before.ms) throw new Error(`caching-500: the clock did not move (${before.ms} → ${after.ms} ms)`);
    const rate = Math.round(((after.events - before.events) * 1000) / (after.ms - before.ms));
    console.log(`rate caching-500 events-per-virtual-s=${rate}`);
    return intervals;
  },
  // The scale recipe run to its end as fast as possible (160,708 events), then 20 jumps of the scrubber from
  // the end back to the start; each sample is one jump, from its input to the next painted frame.
  scrub: async (page, url) => {
    await open(page, `${url}scale${pausedAt0({})}`, 'max');
    const bar = page.getByRole('toolbar', { name: 'Playback' });
    await bar.getByRole('button', { name: 'Play' }).click();
    await page.getByLabel('Stream result').filter({ hasText: /at \d+ ms/ }).waitFor({ timeout: 120_000 });
    await bar.getByRole('button', { name: 'Play' }).waitFor({ timeout: 120_000 });
    const scrubber = bar.getByRole('slider', { name: 'Scrubber' });
    const [floor, end] = [Number(await scrubber.getAttribute('min')), Number(await scrubber.getAttribute('max'))];
    if (end - floor < 100_000) throw new Error(`scrub needs a 100,000-event run; this one has ${end - floor}`);
    const cursors = Array.from({ length: 20 }, (_, i) => Math.round(end - ((i + 1) * (end - floor)) / 20));
    return jumps(page, cursors);
  },
  // The ticker on the local feed over a real WebSocket at 1× (live sockets run in real time), subscribed to
  // every channel of three pairs: the frames of 3 s after 4 s of streaming, and the frames per second the page
  // counted (printed as a `rate` line; the scenario fails below 180).
  'ticker-200fps': async (page, url) => {
    const port = await freePort();
    const feed = await startFeed(port, ['--rate', String(FEED_RATE)]);
    try {
      await open(page, `${url}ticker${pausedAt0({ source: `ws://127.0.0.1:${port}`, subs: ALL_SUBS })}`, '1');
      await page.getByRole('toolbar', { name: 'Playback' }).getByRole('button', { name: 'Play' }).click();
      await page.waitForFunction(() => Number(document.querySelector('dd[aria-label="Frames per second"]')?.textContent) > 0);
      await sleep(4000);
      const intervals = await steadyFrames(page, 3000);
      const rate = Number(await page.getByLabel('Frames per second', { exact: true }).textContent());
      console.log(`rate ticker-200fps frames-per-s=${rate}`);
      if (rate < 180) throw new Error(`ticker-200fps: the page counted ${rate} frames a second`);
      return intervals;
    } finally {
      await feed.stop();
    }
  },
  // The ticker on the simulated exchange at the same frame rate, as fast as possible: memory after one virtual
  // minute and after ten. No frame line.
  'ticker-10min': async (page, url) => {
    await open(page, `${url}ticker${pausedAt0({ rate: String(FEED_RATE), subs: ALL_SUBS })}`, 'max');
    const bar = page.getByRole('toolbar', { name: 'Playback' });
    await bar.getByRole('button', { name: 'Play' }).click();
    const memory = [];
    for (const [minutes, label] of [[1, 'ticker-1min'], [10, 'ticker-10min']]) {
      const at = await pauseAt(page, minutes * 60_000);
      memory.push([label, await readMemory(page)]);
      console.error(`(${label}: paused at ${at}, ${await page.getByLabel('Frames received', { exact: true }).textContent()} frames)`);
      await bar.getByRole('button', { name: 'Play' }).click();
    }
    return { memory };
  },
  // Nine tickers (and their fixed-rate twins) every 100 ms as fast as possible: memory after one virtual minute
  // and after ten. No frame line: it measures what ten minutes leave behind, not frames.
  'tickers-9-10min': async (page, url) => {
    await open(page, `${url}periodic${pausedAt0({ interval: '100', work: '20', services: '9', compare: '1' })}`, 'max');
    const bar = page.getByRole('toolbar', { name: 'Playback' });
    await bar.getByRole('button', { name: 'Play' }).click();
    const memory = [];
    for (const [minutes, label] of [[1, 'tickers-9-1min'], [10, 'tickers-9-10min']]) {
      const at = await pauseAt(page, minutes * 60_000);
      memory.push([`${label}`, await readMemory(page)]);
      console.error(`(${label}: paused at ${at})`);
      await bar.getByRole('button', { name: 'Play' }).click();
    }
    return { memory };
  },
};

// Every channel of the three pairs the exchanges trade: one market step sends three frames.
const ALL_SUBS = ['XBT/USD', 'ETH/USD', 'SOL/USD'].flatMap((p) => ['ticker', 'spread', 'book'].map((c) => `${p}:${c}`)).join(',');
// Market steps per second for about 200 frames a second (each step moves one pair: ticker, spread and book).
const FEED_RATE = 67;

// Opens `address` (paused at the start) and sets the speed (10× unless said).
async function open(page, address, speed = '10') {
  await page.goto(address);
  const bar = page.getByRole('toolbar', { name: 'Playback' });
  await bar.getByRole('button', { name: 'Play' }).waitFor();
  await bar.getByRole('combobox', { name: 'Speed' }).selectOption(speed);
}

// The frame intervals (ms) of `span` ms of steady playback.
function steadyFrames(page, span) {
  return page.evaluate(
    (span) =>
      new Promise((done) => {
        const intervals = [];
        let last = null;
        let started = null;
        const frame = (t) => {
          if (last !== null) intervals.push(t - last);
          last = t;
          started ??= t;
          if (t - started >= span) done(intervals);
          else requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      }),
    span,
  );
}

// The playback bar's virtual time ("750 ms", "1.5 s", "1:02:05") in ms.
function virtualMs(text) {
  const t = text.trim();
  if (/ ms$/.test(t)) return Number(t.slice(0, -3));
  if (/ s$/.test(t)) return Number(t.slice(0, -2)) * 1000;
  return t.split(':').map(Number).reduce((acc, part) => acc * 60 + part, 0) * 1000;
}

// wasm linear memory and the used JS heap, after a GC.
function readMemory(page) {
  return page.evaluate(() => {
    globalThis.gc?.();
    return {
      wasm: window.tasklaneWasm?.memory?.buffer?.byteLength ?? null,
      js: performance.memory?.usedJSHeapSize ?? null,
    };
  });
}

// Jumps the scrubber to each of `cursors`, one at a time, and returns for each the ms from the input to the
// next painted frame (the frame after the one the views were redrawn for).
function jumps(page, cursors) {
  return page.evaluate(
    (cursors) =>
      new Promise((done) => {
        const scrubber = document.querySelector('[role=toolbar][aria-label=Playback] input[aria-label=Scrubber]');
        const samples = [];
        const next = () => {
          if (samples.length === cursors.length) return done(samples);
          const started = performance.now();
          scrubber.value = String(cursors[samples.length]);
          scrubber.dispatchEvent(new Event('input', { bubbles: true }));
          requestAnimationFrame(() => {
            const painted = new MessageChannel();
            painted.port1.onmessage = () => {
              samples.push(performance.now() - started);
              setTimeout(next, 50);
            };
            painted.port2.postMessage(null);
          });
        };
        next();
      }),
    cursors,
  );
}

// Nearest-rank percentile of sorted values.
const percentile = (sorted, p) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
const one = (x) => (x ?? NaN).toFixed(1);

async function measure(browser, url, name) {
  const context = await browser.newContext({ viewport: LAPTOP });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
  // Trunk's start-up event carries the wasm module's exports, its linear memory among them.
  await page.addInitScript(() => {
    addEventListener('TrunkApplicationStarted', (e) => {
      window.tasklaneWasm = e.detail?.wasm;
    });
  });
  const result = await scenarios[name](page, url);
  if (process.env.FRAMES_DEBUG) console.error(JSON.stringify(result));
  const memory = result.memory ?? [[name, await readMemory(page)]];
  await context.close();
  if (errors.length) throw new Error(`${name}: the page reported errors: ${errors.join('; ')}`);
  if (Array.isArray(result)) {
    const sorted = [...result].sort((a, b) => a - b);
    console.log(
      `frames ${name} n=${sorted.length} p50=${one(percentile(sorted, 50))} p95=${one(percentile(sorted, 95))} max=${one(sorted.at(-1))}`,
    );
  }
  for (const [label, m] of memory) console.log(`memory ${label} wasm=${m.wasm} js=${m.js}`);
}

const wanted = process.argv.slice(2);
for (const name of wanted) {
  if (!(name in scenarios)) {
    console.error(`unknown scenario ${name}; the scenarios: ${Object.keys(scenarios).join(', ')}`);
    process.exit(2);
  }
}
const server = await serveDist();
// Exact heap figures (not bucketed) and a GC to call before reading them.
const browser = await launchChromium(['--enable-precise-memory-info', '--js-flags=--expose-gc']);
try {
  for (const name of wanted.length ? wanted : Object.keys(scenarios)) await measure(browser, server.url, name);
} finally {
  await browser.close();
  server.close();
}
