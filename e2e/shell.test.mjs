// The release build renders the app shell in headless Chromium with no console errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launchChromium, openPage, saveScreenshot } from './harness.mjs';

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

test('the shell renders its named regions with no console errors', async () => {
  const { page, errors } = await openPage(browser, server.url);
  await page.getByRole('banner', { name: 'Tasklane' }).waitFor();
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Tasklane');
  await page.getByRole('navigation', { name: 'Recipes' }).waitFor();
  await page.getByRole('main', { name: 'Visualisation' }).waitFor();
  await page.getByRole('toolbar', { name: 'Playback' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Play' }).count(), 1);
  const shot = await saveScreenshot(page, 'shell.png');
  console.log(`screenshot: ${shot}`);
  assert.deepEqual(errors, []);
});
