// The page's small things (issue #15 item 12): legible text on a crashed server, focus and
// selection not in the leader's orange, partition sides that do not cover the other side's
// servers, a damaged link's position said once, units on ctime/mtime, and a run without a lock
// that says so instead of "Nobody is queued at /lock".
import assert from 'node:assert/strict';
import type { E2ETest } from './harness.ts';
import { openFresh } from './run-driver.ts';
import { seekTo, shot, waitForRun } from './views-page.ts';

/** WCAG contrast ratio of two CSS colours as getComputedStyle gives them (rgb(r, g, b)). */
function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = (c.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((x) => {
      const v = Number(x) / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

export const tests: E2ETest[] = [
  {
    name: 'cosmetics: CRASHED is legible, focus is not the leader’s orange, an isolated server is outside the other side',
    async run({ page, url }) {
      await page.setViewportSize({ width: 1280, height: 720 });
      await page.goto(`${url}#example=welcome`);
      await waitForRun(page);
      await seekTo(page, 3_000);
      // isolate zk3: the majority side's region (servers and clients) must not cover zk3
      await page.click('[data-testid="ring-server"][data-node="zk3"]');
      const focus = await page.evaluate(() =>
        getComputedStyle(document.documentElement).getPropertyValue('--focus').trim().toLowerCase(),
      );
      assert.notEqual(focus, '#e69f00', 'focus and selection use the leader’s colour');
      await page.click('[data-testid="fault-isolate"]');
      await page.waitForSelector('[data-testid="partition-region"]');
      const covered = await page.evaluate(() => {
        const zk3 = document
          .querySelector('[data-testid="ring-server"][data-node="zk3"] circle.body')!
          .getBoundingClientRect();
        const cx = zk3.x + zk3.width / 2;
        const cy = zk3.y + zk3.height / 2;
        const regions = [...document.querySelectorAll('[data-testid="partition-region"]')];
        // hit-test the regions' shapes at zk3's centre: only zk3's own side may be there
        // the other side: the region whose members are not zk3
        return regions
          .filter((g) => g.getAttribute('data-members') !== 'zk3')
          .filter((g) => {
            const shapes = [...g.querySelectorAll('path, circle')] as SVGGeometryElement[];
            return shapes.some((s) => {
              const svg = s.ownerSVGElement!;
              const p = svg.createSVGPoint();
              const m = s.getScreenCTM()!.inverse();
              p.x = cx;
              p.y = cy;
              const local = p.matrixTransform(m);
              return s.isPointInFill(local) || s.isPointInStroke(local);
            });
          }).length;
      });
      assert.equal(covered, 0, 'the other side covers zk3');
      // and the other side has the clients: a blob round each
      assert.equal(
        await page.locator('[data-testid="partition-region"]:not([data-members="zk3"]) circle').count(),
        3,
      );
      await shot(page, 'cosmetics-isolate');
      // crash zk1: its role text is readable on the grey
      await page.click('[data-testid="ring-server"][data-node="zk1"]');
      await page.click('[data-testid="fault-crash"]');
      await page.waitForSelector('[data-testid="ring-server"][data-node="zk1"][data-role="CRASHED"]');
      const [ink, fill] = await page.$eval('[data-testid="ring-server"][data-node="zk1"]', (g) => [
        getComputedStyle(g.querySelector('[data-testid="ring-role"]')!).fill,
        getComputedStyle(g.querySelector('circle.body')!).fill,
      ]);
      assert.ok(contrast(ink!, fill!) >= 4.5, `CRASHED at ${contrast(ink!, fill!).toFixed(1)}:1`);
    },
  },
  {
    name: 'cosmetics: a damaged link names its character once; ctime has a unit; a run without a lock says so',
    blank: true,
    async run({ page, url }) {
      await openFresh(page, `${url}#v1.AAAA*AAAA`);
      await page.waitForSelector('[data-testid="link-problem"]');
      const said = (await page.textContent('[data-testid="link-problem"] p')) ?? '';
      assert.equal(said.match(/character \d+/g)?.length, 1, said);

      await openFresh(page, `${url}#lesson=leader-election&step=4`);
      await page.waitForSelector('[data-testid="lesson-panel"][data-step="4"]', { timeout: 60_000 });
      await page.click('[data-testid="tab-clients"]');
      assert.match(
        (await page.textContent('[data-testid="lock-none"]')) ?? '',
        /No lock to show: \/lock does not exist/,
      );
      assert.equal(await page.locator('[data-testid="lock-wakeups"]').count(), 0);

      await openFresh(page, `${url}#example=welcome`);
      await waitForRun(page);
      await seekTo(page, 3_000);
      await page.click('[data-testid="tab-tree"]');
      await page.click('[data-testid="tree-row"][data-path^="/lock/"] .name');
      await page.waitForSelector('[data-testid="znode-stat"]');
      const stat = (await page.textContent('[data-testid="znode-stat"]')) ?? '';
      assert.match(stat, /ctime\s*\d+\s*ms/);
      assert.match(stat, /mtime\s*\d+\s*ms/);
    },
  },
  {
    name: 'cosmetics: the server inspector says which error an error txn stands for',
    blank: true,
    async run({ page, url }) {
      await openFresh(page, `${url}#example=lua-basics`);
      await waitForRun(page);
      await seekTo(page, 8_000); // the end of the run: both failed writes are in the log
      await page.click('[data-testid="tab-inspector"]');
      const types = await page.$$eval('[data-testid="log-entry-type"]', (ts) =>
        ts.map((t) => t.textContent?.trim()),
      );
      assert.ok(types.includes('error (NodeExists)'), types.join(' | '));
      assert.ok(types.includes('error (BadVersion)'), types.join(' | '));
      assert.ok(!types.includes('error'), 'an error txn without its error');
    },
  },
  {
    name: 'cosmetics: a client’s name stays inside its box, however long (reader, writer, consumer)',
    async run({ page, url }) {
      await page.goto(`${url}#lesson=fsync-before-ack&step=1`);
      await page.waitForSelector('[data-testid="lesson-panel"][data-step="1"]');
      await page.waitForSelector('[data-testid="ring-client"][data-node="reader"]');
      const boxes = await page.$$eval('[data-testid="ring-client"]', (gs) =>
        gs.map((g) => {
          const body = g.querySelector('rect.body')!.getBoundingClientRect();
          const name = g.querySelector('text.name')!.getBoundingClientRect();
          return {
            node: g.getAttribute('data-node'),
            inside: name.left >= body.left && name.right <= body.right,
            px: Number.parseFloat(getComputedStyle(g.querySelector('text.name')!).fontSize),
          };
        }),
      );
      assert.ok(boxes.length >= 2, 'reader and writer drawn');
      for (const b of boxes) {
        assert.ok(b.inside, `${b.node}'s name spills out of its box`);
        assert.ok(b.px >= 12, `${b.node}'s name is set at ${b.px} px`);
      }
    },
  },
];
