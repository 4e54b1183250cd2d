// Frame-time and memory benchmark of the release build in headless Chromium (run by `./scripts/bench frames`,
// or `node frames.mjs [scenario...]` here; not a test: node --test runs only *.test.mjs files).
// For each scenario it prints exactly two lines:
//   frames <scenario> n=<frames> p50=<ms> p95=<ms> max=<ms>   (requestAnimationFrame intervals)
//   memory <scenario> wasm=<bytes> js=<bytes>                  (wasm linear memory; used JS heap after a GC)
import { setTimeout as sleep } from 'node:timers/promises';
import { serveDist, launchChromium, pausedAt0, LAPTOP } from './harness.mjs';

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
    return page.evaluate(
      () =>
        new Promise((done) => {
          const intervals = [];
          let last = null;
          let started = null;
          const frame = (t) => {
            if (last !== null) intervals.push(t - last);
            last = t;
            started ??= t;
            if (t - started >= 3000) done(intervals);
            else requestAnimationFrame(frame);
          };
          requestAnimationFrame(frame);
        }),
    );
  },
};

// Opens `address` (paused at the start) and sets the speed to 10×.
async function open(page, address) {
  await page.goto(address);
  const bar = page.getByRole('toolbar', { name: 'Playback' });
  await bar.getByRole('button', { name: 'Play' }).waitFor();
  await bar.getByRole('combobox', { name: 'Speed' }).selectOption('10');
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
  const intervals = await scenarios[name](page, url);
  const memory = await page.evaluate(() => {
    globalThis.gc?.();
    return {
      wasm: window.tasklaneWasm?.memory?.buffer?.byteLength ?? null,
      js: performance.memory?.usedJSHeapSize ?? null,
    };
  });
  await context.close();
  if (errors.length) throw new Error(`${name}: the page reported errors: ${errors.join('; ')}`);
  const sorted = [...intervals].sort((a, b) => a - b);
  console.log(
    `frames ${name} n=${sorted.length} p50=${one(percentile(sorted, 50))} p95=${one(percentile(sorted, 95))} max=${one(sorted.at(-1))}`,
  );
  console.log(`memory ${name} wasm=${memory.wasm} js=${memory.js}`);
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
