// The znode tree and the lock view of the welcome run: /lock's children are ephemeral sequential
// nodes in their owners' colours, a click shows the 11 Stat fields; the lock has one holder and
// each waiter watches its predecessor; a release wakes one client.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { E2ETest } from './harness.ts';
import { seekTo, shot, waitForRun } from './views-page.ts';

const STAT = [
  'czxid',
  'mzxid',
  'pzxid',
  'ctime',
  'mtime',
  'version',
  'cversion',
  'aversion',
  'ephemeralOwner',
  'dataLength',
  'numChildren',
];

/** The welcome run at 2.6 s, paused, with the tree tab open on /lock. */
async function openTree(page: Page): Promise<void> {
  await waitForRun(page);
  await seekTo(page, 2600);
  await page.click('[data-testid="tab-tree"]');
  await page.waitForSelector('[data-testid="tree-row"][data-path="/lock"]');
}

export const tests: E2ETest[] = [
  {
    name: 'the tree shows /lock children as ephemeral sequential nodes in their owners colours',
    async run({ page }) {
      await openTree(page);
      const children = await page.$$eval('[data-testid="tree-row"]', (rows) =>
        rows
          .filter((r) => (r.getAttribute('data-path') ?? '').startsWith('/lock/'))
          .map((r) => ({
            kind: r.getAttribute('data-kind'),
            sequential: r.getAttribute('data-sequential'),
            fill: getComputedStyle(r.querySelector('.glyph')!).fill,
          })),
      );
      assert.ok(children.length >= 2, `children of /lock: ${JSON.stringify(children)}`);
      for (const c of children) {
        assert.equal(c.kind, 'ephemeral');
        assert.equal(c.sequential, 'true');
      }
      // owners' colours: different clients, different fills, none the plain paper fill
      assert.equal(new Set(children.map((c) => c.fill)).size, children.length, JSON.stringify(children));
      assert.ok(children.every((c) => c.fill !== 'rgb(255, 255, 255)'));
      assert.ok((await page.locator('[data-testid="watch-badge"]').count()) > 0, 'no watch badge');
      await page.click('[data-testid="tree-row"][data-path^="/lock/"] .name');
      const stat = await page.$$eval('[data-testid="znode-stat"] dt', (dts) => dts.map((d) => d.textContent));
      assert.deepEqual(stat, STAT);
      await shot(page, 'views-tree');
    },
  },
  {
    name: 'after a seek the tree shows its znodes at once: none fades in or out',
    async run({ page }) {
      await openTree(page);
      const lockChildren = () =>
        page.$$eval('[data-testid="tree-row"]', (rows) =>
          rows.map((r) => r.getAttribute('data-path') ?? '').filter((p) => p.startsWith('/lock/')),
        );
      let changed = 0;
      for (const t of [3100, 2600, 3700, 2900]) {
        const before = await lockChildren();
        await seekTo(page, t);
        // One frame drawn after the cursor's: a row that animated would still be leaving or faint.
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        const animating = await page.$$eval(
          'g.row',
          (rows) =>
            rows.filter((r) => r.classList.contains('leaving') || Number(r.getAttribute('opacity') ?? 1) < 1)
              .length,
        );
        assert.equal(animating, 0, `rows still animating after the seek to ${t}`);
        if ((await lockChildren()).join() !== before.join()) changed++;
      }
      assert.ok(changed >= 2, `the seeks changed /lock's children only ${changed} times`);
    },
  },
  {
    name: 'search finds a collapsed znode and opens its ancestors',
    async run({ page }) {
      await waitForRun(page);
      await seekTo(page, 2600);
      await page.click('[data-testid="tab-tree"]');
      // /zookeeper starts collapsed: its children are not drawn until searched for.
      await page.waitForSelector('[data-testid="tree-row"][data-path="/zookeeper"]');
      assert.equal(await page.locator('[data-testid="tree-row"][data-path="/zookeeper/quota"]').count(), 0);
      await page.fill('[data-testid="tree-search"]', 'zookeeper/quota');
      await page.waitForSelector('[data-testid="tree-row"][data-path="/zookeeper/quota"]');
    },
  },
  {
    name: 'the lock view shows one holder, the watch chain and one wake-up per release',
    async run({ page }) {
      await waitForRun(page);
      await seekTo(page, 2600);
      await page.waitForSelector('[data-testid="lock-view"]');
      assert.equal(await page.getAttribute('[data-testid="lock-view"]', 'data-path'), '/lock');
      const holders = await page.$$eval('[data-testid="lock-contender"][data-holds="true"]', (ls) =>
        ls.map((l) => l.getAttribute('data-client')),
      );
      assert.equal(holders.length, 1);
      const contenders = await page.locator('[data-testid="lock-contender"]').count();
      assert.equal(await page.locator('[data-testid="lock-watch"]').count(), contenders - 1);
      assert.equal(await page.getAttribute('[data-testid="lock-wakeups"]', 'data-last'), '1');
      await shot(page, 'views-lock');
    },
  },
  {
    name: 'the lock queue slides up at a hand-over when stepped, and shows changes at once after a seek and when played fast',
    async run({ page }) {
      await waitForRun(page);
      await seekTo(page, 2600);
      await page.waitForSelector('[data-testid="lock-contender"]');
      // tsx names inner functions with esbuild's `__name` helper: the page needs it too.
      await page.evaluate('globalThis.__name ??= (f) => f');
      /** Animations running on lock rows, most seen over `frames` animation frames. */
      const rowAnimations = (frames: number) =>
        page.evaluate(
          (frames) =>
            new Promise<number>((resolve) => {
              let most = 0;
              let left = frames;
              const look = () => {
                const n = document
                  .getAnimations()
                  .filter((a) =>
                    (a.effect as KeyframeEffect | null)?.target?.matches('[data-testid="lock-contender"]'),
                  ).length;
                most = Math.max(most, n);
                if (--left > 0) requestAnimationFrame(look);
                else resolve(most);
              };
              requestAnimationFrame(look);
            }),
          frames,
        );
      await page.evaluate(() =>
        (globalThis as unknown as { __zkRun: { step(t: string): Promise<boolean> } }).__zkRun.step(
          'handover',
        ),
      );
      assert.ok((await rowAnimations(10)) > 0, 'no slide when stepping to a hand-over');
      await page.waitForFunction(
        () =>
          !document
            .getAnimations()
            .some((a) =>
              (a.effect as KeyframeEffect | null)?.target?.matches('[data-testid="lock-contender"]'),
            ),
      );
      // Back to before the hand-over by a seek: the released holder is back at once, nothing slides.
      const holder = () =>
        page.getAttribute('[data-testid="lock-contender"][data-holds="true"]', 'data-client');
      const afterHandOver = await holder();
      await seekTo(page, 2600);
      assert.equal(await rowAnimations(10), 0, 'lock rows animated after a seek');
      assert.notEqual(await holder(), afterHandOver, 'the seek did not change the queue');
      assert.equal(await page.locator('[data-testid="lock-contender"][data-holds="true"]').count(), 1);
      await page.evaluate(() =>
        (globalThis as unknown as { __zkRun: { play(s: number): void } }).__zkRun.play(16),
      );
      assert.equal(await rowAnimations(120), 0, 'lock rows animated while playing at 16x');
    },
  },
];
