// Static hosting: the built site runs from a sub-path with every file under it, and works offline
// after its first load (the service worker emitted by build/offline-plugin.ts).
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { E2ETest } from './harness.ts';
import { openFresh } from './run-driver.ts';

async function playing(page: Page): Promise<void> {
  await page.waitForFunction(() => (globalThis as { __zkRun?: unknown }).__zkRun !== undefined, undefined, {
    timeout: 60_000,
  });
  await page.waitForSelector('[data-testid="ring-server"][data-role="LEADING"]', { timeout: 60_000 });
}

export const tests: E2ETest[] = [
  {
    name: 'from a sub-path, the welcome run plays with every file loaded from under it',
    serviceWorkers: true,
    mount: '/nested/app/',
    async run({ page, url }) {
      assert.ok(url.endsWith('/nested/app/'));
      await playing(page);
      const conductor = page.workers().find((w) => w.url().includes('conductor.worker'));
      assert.ok(conductor?.url().startsWith(url), 'the conductor worker is served from the sub-path');
      const outside = await page.evaluate(
        (base) =>
          performance
            .getEntriesByType('resource')
            .map((e) => e.name)
            .filter((n) => !n.startsWith(base)),
        url,
      );
      assert.deepEqual(outside, [], 'every file is loaded from under the sub-path');
    },
  },
  {
    name: 'offline after the first load: the page reloads and the run plays without a network',
    serviceWorkers: true,
    mount: '/offline/',
    timeoutMs: 90_000,
    async run({ page }) {
      await playing(page);
      // The service worker has installed (precached the build) and controls the page.
      await page.evaluate(async () => {
        await navigator.serviceWorker.ready;
      });
      await page.reload();
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
      await page.context().setOffline(true);
      await page.reload();
      await playing(page);
      // Served by the service worker: the runner fails the test on any request that failed, so
      // everything this offline reload loaded came from its cache. (navigator.onLine is not a
      // reliable witness: some Chromium builds keep it true under emulated offline.)
      assert.equal(await page.evaluate(() => navigator.serviceWorker.controller !== null), true);
    },
  },
];

tests.push({
  name: 'embed mode (&embed=1): no page chrome, the run plays',
  blank: true,
  async run({ page, url }) {
    await openFresh(page, `${url}#example=welcome&embed=1`);
    await playing(page);
    assert.equal(await page.locator('[data-testid="example-select"]').count(), 0, 'no scenario picker');
    assert.equal(await page.locator('[data-testid="share-link"]').count(), 0, 'no share menu');
    assert.equal(await page.evaluate(() => document.documentElement.classList.contains('embed')), true);
  },
});
