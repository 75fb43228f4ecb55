// The page fits its screen (issue #15 items 2, 3, 6): the tab strip keeps its height and every tab
// whatever view is open; nothing in the header, the transport or the tabs is cut at 1024×768;
// presenter mode fits a 1280×720 projector (ring, narration and the step's view, no scrolling);
// an embed fits 900×540 and still shows the ring and the narration at 640×360; a 800×500 window
// scales the ring down instead of overlapping its labels.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { E2ETest } from './harness.ts';
import { openFresh } from './run-driver.ts';
import { horizontalOverflow, shot, waitForRun } from './views-page.ts';

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

async function box(page: Page, selector: string): Promise<Box> {
  const b = await page.locator(selector).first().boundingBox();
  assert.ok(b, `${selector} is not shown`);
  return { x: b.x, y: b.y, w: b.width, h: b.height };
}

/** The whole box is inside the window. */
async function onScreen(page: Page, selector: string): Promise<Box> {
  const b = await box(page, selector);
  const { width, height } = page.viewportSize()!;
  assert.ok(
    b.x >= -1 && b.y >= -1 && b.x + b.w <= width + 1 && b.y + b.h <= height + 1,
    `${selector} at ${JSON.stringify(b)} is off a ${width}×${height} screen`,
  );
  return b;
}

async function noScrolling(page: Page): Promise<void> {
  const [w, h] = await page.evaluate(() => [
    document.documentElement.scrollWidth - window.innerWidth,
    document.documentElement.scrollHeight - window.innerHeight,
  ]);
  assert.equal(w, 0, 'the page scrolls sideways');
  assert.equal(h, 0, 'the page scrolls down');
}

/** Every tab is shown whole inside the tab strip (none scrolled off, none squeezed). */
async function tabsWhole(page: Page): Promise<void> {
  const bad = await page.$$eval('.tab-strip [role="tab"]', (tabs) => {
    const strip = tabs[0]!.parentElement!.getBoundingClientRect();
    return tabs.flatMap((t) => {
      const r = t.getBoundingClientRect();
      const whole =
        r.height >= 20 &&
        r.left >= strip.left - 1 &&
        r.right <= strip.right + 1 &&
        t.scrollWidth <= t.clientWidth + 1;
      return whole
        ? []
        : [
            `${t.textContent} ${Math.round(r.left)}–${Math.round(r.right)} × ${Math.round(r.height)} in ${Math.round(strip.left)}–${Math.round(strip.right)}`,
          ];
    });
  });
  assert.deepEqual(bad, []);
}

/** Servers' and clients' boxes on the ring overlap none of each other. */
async function ringOverlaps(page: Page): Promise<string[]> {
  return page.$$eval('[data-testid="ring-server"] circle, [data-testid="ring-client"] rect.body', (els) => {
    const rs = els.map((e) => ({
      n: e.parentElement?.getAttribute('data-node') ?? '',
      r: e.getBoundingClientRect(),
    }));
    const out: string[] = [];
    for (let i = 0; i < rs.length; i++)
      for (let j = i + 1; j < rs.length; j++) {
        const a = rs[i]!.r;
        const b = rs[j]!.r;
        if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
          out.push(`${rs[i]!.n}/${rs[j]!.n}`);
      }
    return out;
  });
}

async function lessonSettled(page: Page, step: number): Promise<void> {
  await page.waitForSelector(`[data-testid="lesson-panel"][data-step="${step}"]`, { timeout: 60_000 });
  await page.waitForSelector('[data-testid="lesson-panel"] .working', { state: 'detached', timeout: 60_000 });
}

export const tests: E2ETest[] = [
  {
    name: 'page fit: the Log tab leaves the tab strip whole, and the other tabs can be clicked from it',
    async run({ page, url }) {
      await page.setViewportSize({ width: 1280, height: 720 });
      await page.goto(`${url}#example=welcome`);
      await waitForRun(page);
      const before = await box(page, '.tab-strip');
      await page.click('[data-testid="tab-log"]');
      await page
        .waitForSelector('[data-testid="event-log"], .log', { timeout: 10_000 })
        .catch(() => undefined);
      await page.waitForTimeout(300);
      const after = await box(page, '.tab-strip');
      assert.ok(after.h >= before.h - 1, `the tab strip shrank from ${before.h} to ${after.h} px`);
      await tabsWhole(page);
      await page.click('[data-testid="tab-tree"]');
      assert.equal(await page.getAttribute('[data-testid="tab-tree"]', 'aria-selected'), 'true');
      await noScrolling(page);
    },
  },
  {
    name: 'page fit: at 1024×768 every tab, the header and the try-it hint are whole, in English and Chinese',
    async run({ page, url }) {
      for (const lang of ['en', 'zh']) {
        await page.setViewportSize({ width: 1024, height: 768 });
        await openFresh(page, `${url}#example=welcome&lang=${lang}`);
        await waitForRun(page);
        await tabsWhole(page);
        assert.equal(await horizontalOverflow(page), 0);
        const cut = await page.$$eval('.top > *, [data-testid="hint"], .transport button', (els) =>
          els
            .filter((e) => e.getBoundingClientRect().width > 1 && e.scrollWidth > e.clientWidth + 1)
            .map((e) => e.outerHTML.slice(0, 80)),
        );
        assert.deepEqual(cut, [], `cut in ${lang}`);
        await onScreen(page, '[data-testid="hint"]');
        await onScreen(page, '[data-testid="tab-editor"]');
        await onScreen(page, '[data-testid="tab-inspector"]');
        await noScrolling(page);
        await shot(page, `page-fit-1024-${lang}`);
      }
    },
  },
  {
    name: 'page fit: presenter mode fits 1280×720 (and 1920×1080): ring, narration, the step’s view, no scrolling',
    timeoutMs: 90_000,
    async run({ page, url }) {
      for (const [width, height] of [
        [1280, 720],
        [1920, 1080],
      ] as const) {
        await page.setViewportSize({ width, height });
        await openFresh(page, `${url}#lesson=leader-election&step=1`);
        await lessonSettled(page, 1);
        await noScrolling(page);
        const ring = await onScreen(page, '[data-testid="cluster-svg"]');
        assert.ok(ring.h >= 0.4 * height, `the ring is ${ring.h} px tall of ${height}`);
        await onScreen(page, '[data-testid="lesson-text"]');
        await onScreen(page, '[data-testid="lesson-next"]');
        const view = await onScreen(page, '.tab-body');
        assert.ok(view.h >= 0.25 * height, `the step's view is ${view.h} px tall`);
        for (const node of ['zk1', 'zk2', 'zk3'])
          await onScreen(page, `[data-testid="ring-server"][data-node="${node}"]`);
        await shot(page, `page-fit-presenter-${width}x${height}`);
      }
    },
  },
  {
    name: 'page fit: an embed fits 900×540 and keeps the ring and the narration at 640×360',
    async run({ page, url }) {
      for (const [width, height] of [
        [900, 540],
        [640, 360],
      ] as const) {
        await page.setViewportSize({ width, height });
        // a fresh load, as an iframe has: embed mode is read when the page loads
        await page.goto('about:blank');
        await page.goto(`${url}#lesson=leader-election&step=1&embed=1`);
        await lessonSettled(page, 1);
        // and it stays embedded when the iframe reloads (the step rewrites the address)
        await page.reload();
        await lessonSettled(page, 1);
        assert.match(await page.evaluate(() => location.hash), /embed=1/);
        await noScrolling(page);
        const ring = await onScreen(page, '[data-testid="cluster-svg"]');
        assert.ok(ring.h >= 0.45 * height, `the ring is ${ring.h} px tall of ${height}`);
        await onScreen(page, '[data-testid="lesson-text"]');
        await onScreen(page, '[data-testid="play-button"]');
        for (const node of ['zk1', 'zk2', 'zk3'])
          await onScreen(page, `[data-testid="ring-server"][data-node="${node}"]`);
        assert.deepEqual(await ringOverlaps(page), []);
        await shot(page, `page-fit-embed-${width}x${height}`);
      }
    },
  },
  {
    name: 'page fit: at 800×500 the ring is scaled down whole: no server or client covers another',
    async run({ page, url }) {
      await page.setViewportSize({ width: 800, height: 500 });
      await page.goto(`${url}#example=welcome`);
      await waitForRun(page);
      await page.waitForSelector('[data-testid="ring-client"][data-state="CONNECTED"]', { timeout: 60_000 });
      assert.equal(await horizontalOverflow(page), 0);
      assert.ok(
        Number(await page.getAttribute('[data-testid="cluster-svg"]', 'data-scale')) < 1,
        'the ring is drawn at its minimum size and scaled',
      );
      assert.deepEqual(await ringOverlaps(page), []);
    },
  },
];
