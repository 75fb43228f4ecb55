// The ensemble ring of the welcome run: the election's result, a crash of the leader through the
// fault palette (two clicks) and the next leader, messages on the wire, both screen sizes.
import assert from 'node:assert/strict';
import type { E2ETest } from './harness.ts';
import { horizontalOverflow, ringRoles, seekTo, shot, waitForRun, waitForTime } from './views-page.ts';

export const tests: E2ETest[] = [
  {
    name: 'after the election the ring shows exactly one LEADING server, the highest sid',
    async run({ page }) {
      await waitForRun(page);
      await seekTo(page, 1000);
      const roles = await ringRoles(page);
      assert.deepEqual(Object.keys(roles).sort(), ['zk1', 'zk2', 'zk3']);
      const leaders = Object.entries(roles).filter(([, r]) => r === 'LEADING');
      assert.deepEqual(leaders, [['zk3', 'LEADING']], `roles: ${JSON.stringify(roles)}`);
      assert.equal(Object.values(roles).filter((r) => r === 'FOLLOWING').length, 2);
      // the label is written on the node, not only coloured
      const label = await page.textContent('[data-node="zk3"] [data-testid="ring-role"]');
      assert.equal(label?.trim(), 'LEADING');
      // Each server's epoch and zxid are drawn after (above) the messages on the wire, so a link or
      // a ping passing under a server never hides them.
      const drawnAfterDots = await page.evaluate(() => {
        const svg = document.querySelector('[data-testid="cluster-svg"]')!;
        const order = [...svg.querySelectorAll('[data-testid="ring-messages"], [data-testid="ring-facts"]')];
        return order.map((e) => e.getAttribute('data-testid'));
      });
      assert.deepEqual(drawnAfterDots, ['ring-messages', 'ring-facts', 'ring-facts', 'ring-facts']);
      // once the clients started (0.8 s to 1.2 s), each is drawn connected to a server
      await seekTo(page, 2600);
      assert.equal(await page.locator('[data-testid="ring-session"]').count(), 3);
      // A client's state is drawn above the messages too (requests leave through its label's side),
      // and under the servers' facts; each says what the client's box says.
      const labels = await page.evaluate(() => {
        const svg = document.querySelector('[data-testid="cluster-svg"]')!;
        const layers = [...svg.querySelectorAll('[data-testid="ring-messages"], [data-testid$="facts"]')];
        const states = [...svg.querySelectorAll('[data-testid="ring-client-facts"]')].map((g) => [
          g.querySelector('text')!.textContent,
          svg
            .querySelector(`[data-testid="ring-client"][data-node="${g.getAttribute('data-node')}"]`)!
            .getAttribute('data-state'),
        ]);
        return { layers: layers.map((e) => e.getAttribute('data-testid')), states };
      });
      assert.deepEqual(labels.layers, [
        'ring-messages',
        ...Array(3).fill('ring-client-facts'),
        ...Array(3).fill('ring-facts'),
      ]);
      assert.equal(labels.states.length, 3);
      for (const [shown, state] of labels.states) assert.equal(shown, state);
      await shot(page, 'views-ring-1280x800');
    },
  },
  {
    name: 'during the election LOOKING servers show their votes; a click on a message on the wire shows it',
    async run({ page }) {
      await waitForRun(page);
      await seekTo(page, 12);
      const roles = await ringRoles(page);
      assert.ok(
        Object.values(roles).every((r) => r === 'LOOKING'),
        JSON.stringify(roles),
      );
      assert.ok((await page.locator('[data-testid="ring-vote"]').count()) > 0, 'no vote shown');
      // Election notifications are on the wire at 12 ms (the first leave at 7 ms).
      const wire = Number(await page.getAttribute('[data-testid="ring-messages"]', 'data-count'));
      assert.ok(wire > 0, 'no message on the wire');
      await shot(page, 'views-election');
      // A click on a dot shows that message. The dots are painted on a canvas: a pixel of the
      // election messages' fill, found in the canvas, is a point inside a dot.
      const at = await page.evaluate(() => {
        const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="ring-messages-canvas"]')!;
        const box = canvas.getBoundingClientRect();
        const { data, width, height } = canvas
          .getContext('2d')!
          .getImageData(0, 0, canvas.width, canvas.height);
        for (let i = 0; i < width * height; i++) {
          const [r, g, b, a] = [data[4 * i], data[4 * i + 1], data[4 * i + 2], data[4 * i + 3]];
          if (a === 255 && r === 0xf0 && g === 0xe4 && b === 0x42)
            return {
              x: box.x + ((i % width) * box.width) / width,
              y: box.y + (Math.floor(i / width) * box.height) / height,
            };
        }
        return null;
      });
      assert.ok(at, 'no message dot out on the wire');
      await page.mouse.click(at.x, at.y);
      await page.waitForSelector('[data-testid="message-details"]');
      assert.equal(await page.locator('[data-testid="ring-message-picked"]').count(), 1);
    },
  },
  {
    name: 'crashing the leader in two clicks leads to a new LEADING label',
    timeoutMs: 90_000,
    async run({ page }) {
      await waitForRun(page);
      await seekTo(page, 3000);
      await page.click('[data-testid="ring-server"][data-node="zk3"]');
      await page.click('[data-testid="fault-crash"]');
      await page.waitForSelector('[data-testid="ring-server"][data-node="zk3"][data-role="CRASHED"]');
      await shot(page, 'views-leader-crashed');
      await page.selectOption('[data-testid="speed-select"]', { label: '10×' });
      await page.click('[data-testid="play-button"]');
      await page.waitForFunction(
        () =>
          [...document.querySelectorAll('[data-testid="ring-server"][data-role="LEADING"]')].some(
            (g) => g.getAttribute('data-node') !== 'zk3',
          ),
        undefined,
        { timeout: 60_000 },
      );
      const roles = await ringRoles(page);
      assert.equal(roles.zk3, 'CRASHED');
      assert.equal(Object.values(roles).filter((r) => r === 'LEADING').length, 1, JSON.stringify(roles));
      assert.equal(roles.zk2, 'LEADING', 'the survivors elect the higher sid');
      await shot(page, 'views-new-leader');
    },
  },
  {
    name: 'isolating a server in two clicks draws the partition; Heal is offered',
    async run({ page }) {
      await waitForRun(page);
      await seekTo(page, 3000);
      await page.click('[data-testid="ring-server"][data-node="zk1"]');
      await page.click('[data-testid="fault-isolate"]');
      await page.waitForSelector('[data-testid="partition-region"]');
      assert.equal(await page.getAttribute('[data-link="zk1-zk2"]', 'data-open'), 'false');
      assert.equal(await page.getAttribute('[data-link="zk2-zk3"]', 'data-open'), 'true');
      await shot(page, 'views-partition');
      // Heal is one click; what the run then shows is the conductor's to test (see docs/ui.md).
      assert.equal(await page.locator('[data-testid="fault-heal"]').count(), 1);
    },
  },
  {
    name: 'no layout break at 1280x720 and 1024x768, light and dark',
    async run({ page }) {
      await waitForRun(page);
      await seekTo(page, 2600);
      for (const [w, h] of [
        [1280, 720],
        [1024, 768],
      ] as const) {
        await page.setViewportSize({ width: w, height: h });
        await page.waitForTimeout(200);
        assert.ok((await horizontalOverflow(page)) <= 0, `horizontal scroll at ${w}x${h}`);
        // the whole ring is inside the window
        const box = await page.locator('[data-testid="cluster-svg"]').boundingBox();
        assert.ok(box && box.y + box.height <= h + 1, `the ring overflows at ${w}x${h}`);
        await shot(page, `views-${w}x${h}`);
      }
      await page.click('[data-testid="theme-toggle"]'); // auto → light
      await page.click('[data-testid="theme-toggle"]'); // light → dark
      assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
      await shot(page, 'views-1024x768-dark');
    },
  },
  {
    name: 'keyboard: Space and "." toggle play, → steps one event',
    async run({ page }) {
      await waitForRun(page);
      await seekTo(page, 500);
      await page.locator('body').click({ position: { x: 5, y: 300 } });
      await page.keyboard.press('Space');
      await page.waitForSelector('[data-testid="status"][data-status="playing"]');
      await page.keyboard.press('.');
      await page.waitForSelector('[data-testid="status"][data-status="paused"]');
      const before = await page.getAttribute('[data-testid="virtual-time"]', 'data-t');
      await page.keyboard.press('ArrowRight');
      await page.waitForFunction(
        (t) => document.querySelector('[data-testid="virtual-time"]')?.getAttribute('data-t') !== t,
        before,
      );
      await waitForTime(page, Number(before));
    },
  },
];
