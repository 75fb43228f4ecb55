// The page in Chinese: forced by the address (`&lang=zh`), or by a Chinese browser; the run plays
// the same; the picker switches back to English and the choice outlives a reload. Screenshots at
// both screen sizes, and nothing sticks out or is cut off in either.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { E2ETest } from './harness.ts';
import { openFresh } from './run-driver.ts';
import { horizontalOverflow, shot, waitForRun } from './views-page.ts';

const LEADER = '[data-testid="ring-server"][data-role="LEADING"]';

async function text(page: Page, testid: string): Promise<string> {
  return ((await page.textContent(`[data-testid="${testid}"]`)) ?? '').trim();
}

/** Elements of the header, transport and tab bar whose content is wider than their box. */
async function clipped(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const boxes = document.querySelectorAll<HTMLElement>(
      '.top > *, .transport button, .transport select, .transport .label, .tab-strip, .tab-strip button, .tabs, .tabs button, [data-testid="fault-palette"] > *',
    );
    for (const el of boxes) {
      const r = el.getBoundingClientRect();
      if (r.width <= 1) continue; // not shown (screen-reader only)
      if (el.scrollWidth > el.clientWidth + 1 && !el.classList.contains('hint'))
        out.push(`${el.tagName}.${el.className} scroll ${el.scrollWidth} > ${el.clientWidth}`);
      if (r.right > window.innerWidth + 1) out.push(`${el.tagName}.${el.className} ends at ${r.right}`);
    }
    return out;
  });
}

async function fits(page: Page, width: number, height: number, name: string): Promise<void> {
  await page.setViewportSize({ width, height });
  await page.waitForTimeout(200);
  assert.equal(await horizontalOverflow(page), 0, `page wider than ${width}`);
  assert.deepEqual(await clipped(page), [], `clipped at ${width}×${height}`);
  // one line of header: nothing in it wraps (a wrapped button makes it taller)
  const header = await page.evaluate(
    () => document.querySelector('.top')?.getBoundingClientRect().height ?? 0,
  );
  assert.ok(header < 50, `header ${header}px tall at ${width}×${height}`);
  await shot(page, name);
}

export const tests: E2ETest[] = [
  {
    name: 'i18n: #example=welcome&lang=zh opens in Chinese, plays, and the picker switches back to English',
    blank: true,
    timeoutMs: 90_000,
    async run({ page, url }) {
      await openFresh(page, `${url}#example=welcome&lang=zh`);
      await waitForRun(page);
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh');
      // the transport and the tabs in Chinese
      assert.match(await text(page, 'play-button'), /^(播放|暂停)$/);
      assert.equal(await text(page, 'step-button'), '单步');
      assert.equal(await text(page, 'reset-button'), '重置');
      assert.equal(await text(page, 'next-election'), '选举');
      assert.equal(await text(page, 'tab-clients'), '锁与客户端');
      assert.equal(await text(page, 'tab-tree'), '数据树');
      assert.equal(await text(page, 'tab-editor'), '脚本');
      assert.match(await text(page, 'hint'), /让领导者崩溃/);
      assert.equal(await page.inputValue('[data-testid="language-picker"]'), 'zh');
      // the run plays as in English: an election, and ZooKeeper's role name as ZooKeeper writes it
      await page.waitForSelector(LEADER, { timeout: 60_000 });
      assert.equal((await page.textContent(`${LEADER} [data-testid="ring-role"]`))?.trim(), 'LEADING');
      await page.waitForSelector('[data-testid="lock-holder"]', { timeout: 60_000 });
      assert.match(await text(page, 'lock-holder'), /持有锁/);
      // a fault's label too: pick the leader
      await page.click(LEADER);
      assert.equal(await text(page, 'fault-crash'), '崩溃');
      await fits(page, 1280, 720, 'i18n-zh');
      await fits(page, 1024, 768, 'i18n-zh-1024x768');
      await page.keyboard.press('Escape');

      await page.selectOption('[data-testid="language-picker"]', 'en');
      await page.waitForFunction(() => document.documentElement.lang === 'en');
      assert.equal(await text(page, 'tab-tree'), 'Tree');
      assert.equal(await text(page, 'step-button'), 'Step');
      assert.match(await text(page, 'play-button'), /^(Play|Pause)$/);
      assert.match(await text(page, 'hint'), /crash the leader/);
      // the address follows the pick, so a reload stays in English
      assert.match(await page.evaluate(() => location.hash), /lang=en/);
      await page.reload();
      await waitForRun(page);
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
      assert.equal(await text(page, 'tab-tree'), 'Tree');
      await fits(page, 1280, 720, 'i18n-en');
    },
  },
  {
    name: 'i18n: a Chinese browser gets Chinese without a parameter; a picked language outlives a reload',
    async run({ page, url }) {
      const browser = page.context().browser();
      assert.ok(browser);
      const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
      try {
        const zhPage = await context.newPage();
        await zhPage.goto(url);
        await waitForRun(zhPage);
        assert.deepEqual(await zhPage.evaluate(() => navigator.languages.slice(0, 1)), ['zh-CN']);
        assert.equal(await zhPage.evaluate(() => document.documentElement.lang), 'zh');
        assert.equal(await text(zhPage, 'tab-tree'), '数据树');
        await zhPage.selectOption('[data-testid="language-picker"]', 'en');
        await zhPage.reload();
        await waitForRun(zhPage);
        assert.equal(await zhPage.evaluate(() => document.documentElement.lang), 'en');
        assert.equal(await text(zhPage, 'tab-tree'), 'Tree');
      } finally {
        await context.close();
      }
      // The runner's own page (an English browser) opens in English.
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
      assert.equal(await text(page, 'tab-tree'), 'Tree');
    },
  },
];
