// "Next violation" on runs without one: the page computes ahead, shows the search with a Cancel
// (Escape too), and then says how far it looked, while the cursor stays where the user was.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { E2ETest } from './harness.ts';
import { openExample } from './run-driver.ts';
import { cursorTime, horizontalOverflow, seekTo, shot, waitForRun } from './views-page.ts';

async function text(page: Page, testid: string): Promise<string> {
  return ((await page.textContent(`[data-testid="${testid}"]`)) ?? '').trim();
}

/** The run's frontier as the conductor last reported it (a new listener gets the latest frame at once). */
async function frontier(page: Page): Promise<number> {
  return page.evaluate(() => {
    interface Run {
      subscribe(l: (f: { frontier: number }) => void): () => void;
    }
    let value = Number.NaN;
    const off = (globalThis as unknown as { __zkRun: Run }).__zkRun.subscribe((f) => {
      value = f.frontier;
    });
    off();
    return value;
  });
}

export const tests: E2ETest[] = [
  {
    name: 'step search: next violation with none in the run says so, and the cursor stays put',
    blank: true,
    timeoutMs: 90_000,
    async run({ page, url }) {
      await page.setViewportSize({ width: 1024, height: 768 });
      await openExample(page, url, 'ensemble-failover');
      await waitForRun(page);
      await seekTo(page, 2000);
      await page.click('[data-testid="next-violation"]');
      await page.waitForSelector('[data-testid="step-notice"]', { timeout: 60_000 });
      assert.equal(await text(page, 'step-notice'), 'No more violations before 30 s.');
      assert.equal(await page.getAttribute('[data-testid="step-notice"]', 'data-complete'), 'true');
      assert.equal(await cursorTime(page), 2000);
      assert.equal(await frontier(page), 30_000, 'the whole run was searched');
      assert.equal(await page.locator('[data-testid="search-cancel"]').count(), 0);
      // It fits beside the seek bar at 1024×768: on screen, nothing wider than the page.
      assert.equal(await horizontalOverflow(page), 0);
      const box = await page.locator('[data-testid="step-notice"]').boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= 1024 + 1, `notice at ${JSON.stringify(box)}`);
      await shot(page, 'step-search-notice-1024x768');
      // In Chinese too.
      await page.selectOption('[data-testid="language-picker"]', 'zh');
      await page.waitForFunction(() => document.documentElement.lang === 'zh');
      assert.equal(await text(page, 'step-notice'), '30 秒之前没有更多违规。');
      await page.selectOption('[data-testid="language-picker"]', 'en');
      await page.waitForFunction(() => document.documentElement.lang === 'en');
      // The next action clears it.
      await page.keyboard.press('ArrowRight');
      await page.waitForSelector('[data-testid="step-notice"]', { state: 'detached' });
      assert.ok((await cursorTime(page)) > 2000);
    },
  },
  {
    name: 'step search: a long search shows "searching…" and Escape cancels it where it is',
    timeoutMs: 90_000,
    async run({ page }) {
      // The welcome run is 120 s long with no violation: searching it takes a while.
      await waitForRun(page);
      await seekTo(page, 1000);
      await page.keyboard.press('v');
      await page.waitForSelector('[data-testid="search-cancel"]', { timeout: 30_000 });
      assert.match(await text(page, 'step-search'), /^Searching for the next violation… \(at \d+\.\d s\)/);
      await shot(page, 'step-search-searching');
      await page.keyboard.press('Escape');
      await page.waitForSelector('[data-testid="search-cancel"]', { state: 'detached' });
      assert.equal(await page.getAttribute('[data-testid="step-search"]', 'data-state'), 'idle');
      assert.equal(await cursorTime(page), 1000);
      assert.ok((await frontier(page)) < 120_000, 'cancelled before the end of the run');
    },
  },
];
