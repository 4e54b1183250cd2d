// axe-core (the npm package, injected into the page) on every route of the release build, in the light
// and the dark theme, at laptop size: no serious or critical violation. The routes are the home page, every
// recipe the list links to (paused at its start), and an address that names no recipe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { serveAndLaunch, LAPTOP } from './harness.mjs';

const app = serveAndLaunch();
const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// The serious and critical violations axe finds on the page, one line each.
async function violations(page) {
  await page.addScriptTag({ content: axeSource });
  const { violations } = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')} — ${v.help}`);
}

test('axe-core finds no serious or critical violation on any route, light or dark', async () => {
  const home = await app.browser.newPage();
  await home.goto(app.server.url);
  const recipes = await home
    .getByRole('navigation', { name: 'Recipes' })
    .getByRole('link')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  await home.close();
  assert.ok(recipes.length >= 5, `the list links to ${recipes}`);
  const routes = ['/', ...recipes.map((r) => `${r}?seed=42&steps=0`), '/no-such-recipe'];
  const found = [];
  for (const colorScheme of ['light', 'dark']) {
    for (const route of routes) {
      const context = await app.browser.newContext({ colorScheme, viewport: LAPTOP });
      const page = await context.newPage();
      await page.goto(new URL(route, app.server.url).href);
      await page.getByRole('toolbar', { name: 'Playback' }).waitFor();
      if (route !== '/' && route !== '/no-such-recipe') {
        await page.getByRole('region', { name: 'Event log' }).getByRole('listitem').first().waitFor();
      }
      found.push(...(await violations(page)).map((v) => `${colorScheme} ${route}: ${v}`));
      await context.close();
    }
  }
  assert.deepEqual(found, []);
});
