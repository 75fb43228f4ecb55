// The seek bar (issue #15 item 4) and the first election in slow motion (item 5).
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { E2ETest } from './harness.ts';
import { openFresh } from './run-driver.ts';
import { cursorTime, seekTo, shot, waitForRun } from './views-page.ts';

const attr = async (page: Page, name: string) =>
  Number(await page.getAttribute('[data-testid="seek"]', name));

/** Clicks the track at virtual time `at` of the bar's current span; returns the ms one pixel is. */
async function clickAt(page: Page, at: number): Promise<number> {
  const box = (await page.locator('[data-testid="seek-track"] .track').boundingBox())!;
  const span = await attr(page, 'data-span');
  await page.mouse.click(box.x + (at / span) * box.width, box.y + box.height / 2);
  return span / box.width;
}

async function waitForCursor(page: Page, near: number, within: number): Promise<number> {
  await page.waitForFunction(
    ([at, d]) =>
      Math.abs(
        Number(document.querySelector('[data-testid="virtual-time"]')?.getAttribute('data-t')) - at!,
      ) <= d!,
    [near, within],
    { timeout: 60_000 },
  );
  return cursorTime(page);
}

export const tests: E2ETest[] = [
  {
    name: 'seek bar: zoomed to where things happen, a click lands where aimed, past the computed part too; keys by event, 100 ms, 1 s, Home/End',
    timeoutMs: 90_000,
    async run({ page, url }) {
      await page.setViewportSize({ width: 1280, height: 720 });
      await page.goto(`${url}#example=welcome`);
      await waitForRun(page);
      await seekTo(page, 3_000);
      // 120 s run, the story in its first seconds: the bar spans 5 s
      assert.equal(await attr(page, 'data-span'), 5_000);
      const px = await clickAt(page, 1_600);
      assert.ok(px < 10, `one pixel is ${px} ms`);
      await waitForCursor(page, 1_600, Math.ceil(px) + 1);
      await shot(page, 'seek-zoomed');

      // keys on the focused bar
      const bar = page.locator('[data-testid="seek-bar"]');
      await bar.focus();
      await bar.press('Home');
      await waitForCursor(page, 0, 0);
      await bar.press('PageDown');
      await waitForCursor(page, 1_000, 0);
      await bar.press('ArrowUp');
      await waitForCursor(page, 1_100, 0);
      await bar.press('ArrowDown');
      await waitForCursor(page, 1_000, 0);
      await bar.press('Shift+ArrowRight');
      await waitForCursor(page, 2_000, 0);
      await bar.press('PageUp');
      await waitForCursor(page, 1_000, 0);
      // → is the next event: a few ms later, not 1 ms
      await bar.press('ArrowRight');
      await page.waitForFunction(
        () => Number(document.querySelector('[data-testid="virtual-time"]')?.getAttribute('data-t')) > 1_000,
      );
      const next = await cursorTime(page);
      assert.ok(next > 1_000 && next < 1_500, `next event at ${next}`);
      await bar.press('ArrowLeft');
      await page.waitForFunction(
        (n) => Number(document.querySelector('[data-testid="virtual-time"]')?.getAttribute('data-t')) < n,
        next,
      );

      // the whole run, and a click beyond what is computed computes up to it
      await page.click('[data-testid="seek-zoom"]');
      assert.equal(await attr(page, 'data-span'), 120_000);
      const frontier = await attr(page, 'data-frontier');
      assert.ok(frontier < 10_000, `computed up to ${frontier} ms only`);
      const wide = await clickAt(page, 30_000);
      const landed = await waitForCursor(page, 30_000, Math.ceil(wide) + 1);
      assert.ok((await attr(page, 'data-frontier')) >= landed);
      await bar.focus();
      await bar.press('End');
      await waitForCursor(page, 120_000, 0);
    },
  },
  {
    name: 'intro: a fresh page plays the first election in slow motion with a caption, then the usual speed',
    blank: true,
    timeoutMs: 90_000,
    async run({ page, url }) {
      await openFresh(page, `${url}#example=welcome`);
      await waitForRun(page);
      await page.waitForSelector('[data-testid="intro"]');
      assert.equal(await page.inputValue('[data-testid="speed-select"]'), '0.05');
      // the election is on screen for seconds: LOOKING servers, still LOOKING a second later
      const started = Date.now();
      await page.waitForSelector('[data-testid="ring-server"][data-role="LOOKING"]');
      await page.waitForSelector('[data-testid="ring-server"][data-role="LEADING"]', { timeout: 60_000 });
      const watched = Date.now() - started;
      assert.ok(watched >= 2_000, `the election was on screen for ${watched} ms`);
      await shot(page, 'intro-election');
      // then the usual speed, and the caption goes
      await page.waitForSelector('[data-testid="intro"]', { state: 'detached', timeout: 30_000 });
      assert.equal(await page.inputValue('[data-testid="speed-select"]'), '0.25');
      assert.equal(await page.getAttribute('[data-testid="status"]', 'data-status'), 'playing');
    },
  },
  {
    name: 'intro: pausing ends it at once; a lesson or a shared moment has none',
    blank: true,
    async run({ page, url }) {
      await openFresh(page, `${url}#example=welcome`);
      await waitForRun(page);
      await page.waitForSelector('[data-testid="intro"]');
      await page.click('[data-testid="play-button"]');
      await page.waitForSelector('[data-testid="intro"]', { state: 'detached' });
      assert.equal(await page.inputValue('[data-testid="speed-select"]'), '0.25');
      await openFresh(page, `${url}#lesson=leader-election&step=0`);
      await page.waitForSelector('[data-testid="lesson-panel"]', { timeout: 60_000 });
      assert.equal(await page.locator('[data-testid="intro"]').count(), 0);
    },
  },
];
