// Shared end-to-end harness: serves the release build in dist/ on 127.0.0.1, launches Debian's Chromium, saves
// screenshots to the build folder, and drives a run deterministically (paused from the start, one event a step).
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { readFile, mkdir } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { after, before } from 'node:test';

export const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
// TASKLANE_DIST serves another build (a copy of dist/, say, while a rebuild rewrites dist/).
const dist = resolve(process.env.TASKLANE_DIST ?? join(root, 'dist'));
// Screenshots go to the (gitignored) build folder; scripts/screenshots copies them into docs/screenshots/.
export const screenshots = resolve(process.env.TASKLANE_SCREENSHOTS ?? join(root, 'target', 'e2e-screenshots'));

export const LAPTOP = { width: 1280, height: 800 };
export const TABLET = { width: 768, height: 1024 };

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  // The recipes' sources, which the code panel fetches.
  '.ex': 'text/plain; charset=utf-8',
  '.rs': 'text/plain; charset=utf-8',
};

// Static server for dist/ with the single-page-app fallback to index.html; port 0 picks a free port.
export async function serveDist() {
  // Share URLs of long runs are long: allow request lines far beyond the 16 KB default.
  const server = createServer({ maxHeaderSize: 1 << 20 }, async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    const file = join(dist, path);
    try {
      const body = await readFile(file.startsWith(dist) && extname(file) ? file : join(dist, 'index.html'));
      res.writeHead(200, { 'content-type': types[extname(file)] ?? types['.html'] });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() };
}

// Headless Chromium from Debian, with the flags this sandboxed, offline machine needs (and any `extraArgs`).
export async function launchChromium(extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...extraArgs,
    ],
  });
}

// Opens a page that records every console error and uncaught exception; `prepare(page)` runs before it loads
// (to route its requests, say).
export async function openPage(browser, url, viewport = LAPTOP, prepare = async () => {}) {
  const page = await browser.newPage({ viewport });
  const errors = [];
  page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
  page.on('pageerror', (err) => errors.push(String(err)));
  await prepare(page);
  await page.goto(url);
  return { page, errors };
}

// The query that opens a recipe paused at its very start (a share link replayed to step 0), with a known
// seed: nothing moves until the test plays or steps it, so what it asserts is exact.
export function pausedAt0(params = {}, seed = 42) {
  return `?${new URLSearchParams({ seed: String(seed), ...params, steps: '0' })}`;
}

// Opens the recipe `slug` with `params`, paused at its start, and waits until the app shows it so.
export async function openPaused(browser, server, slug, params = {}, seed = 42) {
  const opened = await openPage(browser, `${server.url}${slug}${pausedAt0(params, seed)}`);
  await playback(opened.page).getByRole('button', { name: 'Play' }).waitFor();
  await eventLog(opened.page).getByRole('listitem').first().waitFor();
  return opened;
}

export const playback = (page) => page.getByRole('toolbar', { name: 'Playback' });
export const eventLog = (page) => page.getByRole('region', { name: 'Event log' });

// The sequence number of the newest event the log shows (it lists the newest first).
export async function newestSeq(page) {
  return Number(await eventLog(page).getByRole('listitem').first().getAttribute('data-seq'));
}

// Presses "Step to the next event" once and waits until the log shows exactly one more event (a step
// when the run has nothing left to do shows none, and fails here).
export async function step(page) {
  const before = await newestSeq(page);
  await playback(page).getByRole('button', { name: 'Step to the next event' }).click();
  await showsEvent(page, before + 1);
}

// Waits until the newest event the log shows is event `seq`.
export async function showsEvent(page, seq, timeout = 10_000) {
  try {
    await eventLog(page).getByRole('listitem').first().and(page.locator(`[data-seq="${seq}"]`)).waitFor({ timeout });
  } catch (e) {
    throw new Error(`the log's newest event is #${await newestSeq(page)}, not #${seq}: ${e.message.split('\n')[0]}`);
  }
}

// Steps one event at a time until `done()` resolves truthy; fails after `limit` steps.
export async function stepUntil(page, done, { limit = 500, what = 'the condition' } = {}) {
  for (let steps = 0; ; steps++) {
    if (await done()) return steps;
    if (steps >= limit) throw new Error(`${what} did not hold within ${limit} steps`);
    await step(page);
  }
}

// The text of the element labelled exactly `label` (a result the panel shows).
export async function labelled(scope, label) {
  return (await scope.getByLabel(label, { exact: true }).textContent()).trim();
}

// Saves the page as `<name>.png` at the laptop size (1280×800); with `tablet`, also as `<name>-tablet.png` at
// 768×1024, and both again in the dark theme (`<name>-dark.png`, `<name>-tablet-dark.png`). The page is back
// at the laptop size and the light theme afterwards. Returns the paths written.
export async function saveScreenshot(page, name, { tablet = false } = {}) {
  await mkdir(screenshots, { recursive: true });
  // The code panel shows its sources, not the note it shows while it fetches them.
  await page.getByText('Loading source…', { exact: true }).first().waitFor({ state: 'detached' });
  const written = [];
  const shoot = async (viewport, file) => {
    await page.setViewportSize(viewport);
    // From the top of the page (clicks scroll controls into view), with no focus ring, after one frame at
    // the new size.
    await page.evaluate(() => {
      document.activeElement?.blur?.();
      window.scrollTo(0, 0);
      return new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    });
    const path = join(screenshots, file);
    await page.screenshot({ path, animations: 'disabled', caret: 'hide' });
    written.push(path);
  };
  const laptop = page.viewportSize() ?? LAPTOP;
  await shoot(LAPTOP, `${name}.png`);
  if (tablet) {
    await shoot(TABLET, `${name}-tablet.png`);
    await page.emulateMedia({ colorScheme: 'dark' });
    await shoot(LAPTOP, `${name}-dark.png`);
    await shoot(TABLET, `${name}-tablet-dark.png`);
    await page.emulateMedia({ colorScheme: 'light' });
  }
  await page.setViewportSize(laptop);
  return written;
}

// The colour [r, g, b] of one CSS pixel of the page, read from a 1x1 PNG screenshot: in a one-pixel
// image every PNG filter leaves the pixel's bytes as they are, so after inflating they follow the
// filter byte.
export async function pixel(page, x, y) {
  const png = await page.screenshot({ clip: { x, y, width: 1, height: 1 } });
  const idat = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    if (png.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  return [...inflateSync(Buffer.concat(idat)).subarray(1, 4)];
}

// Serves dist/ and launches Chromium before a test file's tests, and closes both after them.
export function serveAndLaunch() {
  const app = {};
  before(async () => {
    app.server = await serveDist();
    app.browser = await launchChromium();
  });
  after(async () => {
    await app.browser?.close();
    app.server?.close();
  });
  return app;
}

// Pauses the run as soon as the playback bar's virtual time ("750 ms", "1.5 s", "1:02:05") reaches `ms`: a
// MutationObserver clicks Pause in the microtask after the clock's text changes, before the run moves on.
// Returns the time it paused at, as the bar shows it.
export function pauseAt(page, ms) {
  return page.evaluate(
    (ms) =>
      new Promise((done) => {
        const bar = document.querySelector('[role=toolbar][aria-label=Playback]');
        const clock = bar.querySelector('output[aria-label="Virtual time"]');
        const parse = (text) => {
          if (text.endsWith(' ms')) return Number(text.slice(0, -3));
          if (text.endsWith(' s')) return Number(text.slice(0, -2)) * 1000;
          const [h, m, s] = text.split(':').map(Number);
          return ((h * 60 + m) * 60 + s) * 1000;
        };
        const check = () => {
          if (parse(clock.textContent) < ms) return false;
          observer.disconnect();
          bar.querySelector('button[aria-label=Pause]')?.click();
          done(clock.textContent);
          return true;
        };
        const observer = new MutationObserver(check);
        if (!check()) observer.observe(clock, { childList: true, characterData: true, subtree: true });
      }),
    ms,
  );
}

// The local exchange feed (`cargo build --release -p tasklane-feed`; the test command builds it).
const feedBinary = join(root, 'target', 'release', 'tasklane-feed');

// A free port on 127.0.0.1 (the feed must come back on the same one after a restart).
export async function freePort() {
  const server = createTcpServer();
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  await new Promise((ok) => server.close(ok));
  return port;
}

// Starts the local feed on `port` with `flags`; resolves once it listens. Its output is kept in `lines`.
export async function startFeed(port, flags = []) {
  const child = spawn(feedBinary, ['--port', String(port), ...flags], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  let buffer = '';
  child.stdout.on('data', (chunk) => {
    buffer += chunk;
    const parts = buffer.split('\n');
    buffer = parts.pop();
    lines.push(...parts);
  });
  child.stderr.on('data', (chunk) => process.stderr.write(chunk));
  await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`the feed did not listen on ${port}: ${lines.join('\n')}`)), 30_000);
    const poll = setInterval(() => {
      if (lines.some((l) => l.startsWith('tasklane-feed listening on'))) {
        clearInterval(poll);
        clearTimeout(timer);
        ok();
      }
    }, 20);
    child.on('exit', (code) => fail(new Error(`the feed exited with ${code}: ${lines.join('\n')}`)));
  });
  const stop = () => new Promise((ok) => (child.exitCode !== null ? ok() : (child.on('exit', ok), child.kill('SIGKILL'))));
  return { lines, stop };
}
