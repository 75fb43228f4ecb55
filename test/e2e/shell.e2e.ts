// The page shell: it loads cleanly, really runs the simulator, and the trace hash is
// reproducible. (The runner also fails any test on a console error, page error or HTTP >= 400.)
import assert from 'node:assert/strict';
import type { E2ETest } from './harness.ts';
import {
  byTestId,
  eventCount,
  frames,
  kindCounts,
  runToEnd,
  setSpeed,
  status,
  traceHash,
  waitDone,
  waitReady,
} from './shell-page.ts';

export const tests: E2ETest[] = [
  {
    name: 'loads with the title, the scenario and the favicon',
    async run({ page, url }) {
      await waitReady(page);
      assert.equal(await page.title(), 'zk-playground');
      assert.equal((await page.textContent('h1'))?.trim(), 'zk-playground');
      assert.notEqual((await page.textContent(byTestId('scenario-name')))?.trim() ?? '', '');
      assert.match((await page.textContent(byTestId('scenario-seed'))) ?? '', /^\s*\d+\s*$/);
      assert.match((await page.textContent(byTestId('scenario-servers'))) ?? '', /^\s*\d+/);
      assert.match((await page.textContent(byTestId('scenario-clients'))) ?? '', /^\s*\d+/);
      assert.equal(await page.locator(byTestId('event-row')).count(), 0);
      const icon = await page.request.get(new URL('favicon.svg', url).href);
      assert.equal(icon.status(), 200);
      assert.match(icon.headers()['content-type'] ?? '', /^image\/svg\+xml/);
    },
  },
  {
    name: 'Run produces client.reply and server.state events and a trace hash',
    async run({ page }) {
      await waitReady(page);
      await runToEnd(page, '1000×');
      const kinds = await kindCounts(page);
      assert.ok((kinds.get('client.reply') ?? 0) > 0, `no client.reply events; kinds: ${[...kinds.keys()]}`);
      assert.ok((kinds.get('server.state') ?? 0) > 0, `no server.state events; kinds: ${[...kinds.keys()]}`);
      const total = await eventCount(page);
      assert.equal(
        total,
        [...kinds.values()].reduce((a, b) => a + b, 0),
      );
      const rows = await page.locator(byTestId('event-row')).count();
      assert.equal(rows, Math.min(total, 500), 'the log shows the newest events, at most 500');
    },
  },
  {
    name: 'Reset and Run again gives the same trace hash',
    async run({ page }) {
      await waitReady(page);
      const first = await runToEnd(page, 'max');
      await page.click(byTestId('reset-button'));
      await waitReady(page);
      assert.equal(await page.locator(byTestId('trace-hash')).count(), 0, 'Reset clears the hash');
      assert.equal(await page.locator(byTestId('event-row')).count(), 0, 'Reset clears the log');
      // A different speed steps the simulator in different slices of virtual time.
      const second = await runToEnd(page, '100×');
      assert.equal(second, first);
    },
  },
  {
    name: 'Pause stops virtual time; Resume finishes the run',
    async run({ page }) {
      await waitReady(page);
      await setSpeed(page, '1×');
      await page.click(byTestId('run-button'));
      await page.waitForFunction(() => {
        const t = document.querySelector('[data-testid="virtual-time"]')?.textContent ?? '';
        return Number.parseFloat(t) > 0;
      });
      await page.click(byTestId('run-button'));
      assert.equal(await status(page), 'paused');
      const time = await page.textContent(byTestId('virtual-time'));
      const count = await eventCount(page);
      await frames(page, 10);
      assert.equal(await page.textContent(byTestId('virtual-time')), time, 'time moved while paused');
      assert.equal(await eventCount(page), count, 'events arrived while paused');
      await setSpeed(page, 'max');
      await page.click(byTestId('run-button'));
      await waitDone(page);
      await traceHash(page);
    },
  },
  {
    name: 'the built site works from a nested sub-path',
    mount: '/nested/app/',
    async run({ page, url }) {
      assert.ok(url.endsWith('/nested/app/'));
      await waitReady(page);
      await runToEnd(page, 'max');
      const outside = await page.evaluate(
        (base) =>
          performance
            .getEntriesByType('resource')
            .map((e) => e.name)
            .filter((n) => !n.startsWith(base)),
        url,
      );
      assert.deepEqual(outside, [], 'every asset is loaded from under the sub-path');
    },
  },
];
