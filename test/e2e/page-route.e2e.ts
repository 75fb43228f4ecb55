// The page's route and its shared controls (issue #16 items 5 and 6): an address typed later opens
// what it names and keeps the page options; a lesson's step is written back with them; a filter
// chip's Alt-click shows only its node (FilterChips owns the wiring); Enter and Space pick a ring
// server like a click; every themed button has the theme's one radius.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { E2ETest } from './harness.ts';
import { openFresh } from './run-driver.ts';
import { seekTo, waitForRun } from './views-page.ts';

const hash = (page: Page) => page.evaluate(() => location.hash);

export const tests: E2ETest[] = [
  {
    name: 'route: a hash typed later opens its lesson in its language; the step goes back into the address with lang, and embed for an embedded visit',
    timeoutMs: 120_000,
    async run({ page, url }) {
      // an embedded page (embed is for the visit: an iframe stays chromeless whatever it opens)
      await openFresh(page, `${url}#example=welcome&embed=1`);
      await waitForRun(page);
      // the reader pastes a lesson link (a hashchange, not a load)
      await page.evaluate(() => {
        location.hash = '#lesson=lock-holder-crash&step=1&lang=zh';
      });
      await page.waitForSelector(
        '[data-testid="lesson-panel"][data-lesson="lock-holder-crash"][data-step="1"]',
      );
      await page.waitForFunction(() => document.documentElement.lang === 'zh');
      // the clicker's next key: the address follows the step and keeps lang and embed
      await page.keyboard.press('PageDown');
      await page.waitForSelector('[data-testid="lesson-panel"][data-step="2"]');
      await page.waitForFunction(() => location.hash.includes('step=2'));
      assert.equal(await hash(page), '#lesson=lock-holder-crash&step=2&embed=1&lang=zh');
      // a reload opens the same step, in Chinese
      await page.reload();
      await page.waitForSelector('[data-testid="lesson-panel"][data-step="2"]');
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh');
      // an address that names nothing: welcome, and the page says so
      await page.evaluate(() => {
        location.hash = '#hello-world';
      });
      await page.waitForSelector('[data-testid="not-found"][data-kind="address"]');
      assert.equal(await page.locator('[data-testid="lesson-panel"]').count(), 0);
    },
  },
  {
    name: 'filter chips: Alt-click shows only that node in the log and the lanes, Alt-click again shows all',
    timeoutMs: 120_000,
    async run({ page }) {
      await waitForRun(page);
      await seekTo(page, 3_000);
      await page.click('[data-testid="tab-log"]');
      await page.click('.filters summary');
      const chips = page.locator('[data-testid="log-node-filter"] .chip');
      const all = await chips.count();
      assert.ok(all >= 6, `${all} node chips`);
      await page.click('[data-testid="log-node-filter"] [data-key="zk2"]', { modifiers: ['Alt'] });
      const pressed = () =>
        page.$$eval('[data-testid="log-node-filter"] .chip', (els) =>
          els.filter((e) => e.getAttribute('aria-pressed') === 'true').map((e) => e.getAttribute('data-key')),
        );
      assert.deepEqual(await pressed(), ['zk2']);
      await page.click('[data-testid="log-node-filter"] [data-key="zk2"]', { modifiers: ['Alt'] });
      assert.equal((await pressed()).length, all);

      await page.click('[data-testid="tab-spacetime"]');
      await page.click('.nodes summary');
      await page.click('[data-testid="spacetime-node-filter"] [data-key="c1"]', { modifiers: ['Alt'] });
      await page.waitForFunction(
        () => document.querySelector('[data-lanes]')?.getAttribute('data-lanes') === 'c1',
      );
    },
  },
  {
    name: 'keys and looks: Enter picks a focused ring server; every themed button has the one radius',
    async run({ page }) {
      await waitForRun(page);
      await seekTo(page, 3_000);
      await page.focus('[data-testid="ring-server"][data-node="zk1"]');
      await page.keyboard.press('Enter');
      await page.waitForSelector('[data-testid="fault-target"]');
      assert.match((await page.textContent('[data-testid="fault-target"]')) ?? '', /zk1/);
      await page.keyboard.press('Escape');
      await page.focus('[data-testid="ring-server"][data-node="zk2"]');
      await page.keyboard.press(' ');
      await page.waitForFunction(() =>
        document.querySelector('[data-testid="fault-target"]')?.textContent?.includes('zk2'),
      );
      const radii = await page.$$eval('.btn, .field', (els) => [
        ...new Set(els.map((e) => getComputedStyle(e).borderTopLeftRadius)),
      ]);
      assert.equal(radii.length, 1, `radii ${radii.join(', ')}`);
    },
  },
];
