// Narration tools (issue #15 item 17) on the page: a predict step asks before it moves the run and
// the clicker's Next reveals it; a step's highlights are named with their state and outlined on the
// ring; the step list jumps to any step.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { E2ETest } from './harness.ts';
import { openFresh } from './run-driver.ts';
import { cursorTime, shot } from './views-page.ts';

async function settled(page: Page, step: number): Promise<void> {
  await page.waitForSelector(`[data-testid="lesson-panel"][data-step="${step}"]`, { timeout: 60_000 });
  await page.waitForSelector('[data-testid="lesson-panel"] .working', { state: 'detached', timeout: 60_000 });
}

export const tests: E2ETest[] = [
  {
    name: 'lesson tools: predict holds the run until revealed; highlights name and outline the servers',
    blank: true,
    timeoutMs: 90_000,
    async run({ page, url }) {
      await page.setViewportSize({ width: 1280, height: 720 });
      await openFresh(page, `${url}#lesson=leader-failover&step=1`);
      await settled(page, 1);
      const before = await cursorTime(page);
      await page.keyboard.press('PageDown');
      await settled(page, 2);
      await page.waitForSelector('[data-testid="lesson-predict"]');
      assert.equal(await page.locator('[data-testid="lesson-text"]').count(), 0, 'the answer is hidden');
      assert.equal(await cursorTime(page), before, 'the run waits for the reveal');
      const names = await page.$$eval('[data-testid="spot-item"]', (xs) =>
        xs.map((x) => x.getAttribute('data-name')),
      );
      assert.deepEqual(names, ['zk1', 'zk2']);
      const glow = await page.$eval(
        '[data-testid="ring-server"][data-node="zk2"]',
        (g) => getComputedStyle(g).filter,
      );
      assert.match(glow, /drop-shadow/);
      const plain = await page.$eval(
        '[data-testid="ring-server"][data-node="zk3"]',
        (g) => getComputedStyle(g).filter,
      );
      assert.equal(plain, 'none');
      await shot(page, 'lesson-predict');
      await page.keyboard.press('PageDown');
      await page.waitForSelector('[data-testid="lesson-text"]');
      await settled(page, 2);
      assert.ok((await cursorTime(page)) > before, 'revealing moved the run');
      const zk2 = await page.textContent('[data-testid="spot-item"][data-name="zk2"]');
      assert.match(zk2 ?? '', /LEADING/);
      assert.equal(
        await page.getAttribute('[data-testid="ring-server"][data-node="zk2"]', 'data-role'),
        'LEADING',
      );
      await shot(page, 'lesson-revealed');
    },
  },
  {
    name: 'lesson tools: the step list jumps to a step, and the hash follows',
    blank: true,
    timeoutMs: 90_000,
    async run({ page, url }) {
      await openFresh(page, `${url}#lesson=rejoin-trunc&step=0`);
      await settled(page, 0);
      await page.click('[data-testid="lesson-steps"]');
      const items = page.locator('[data-testid="lesson-step-item"]');
      assert.equal(await items.count(), 7);
      // An unrevealed predict step lists its question, not its answer.
      assert.match((await items.nth(5).textContent()) ?? '', /which no other server has/);
      await items.nth(6).click();
      await settled(page, 6);
      assert.match(await page.evaluate(() => location.hash), /step=6/);
      assert.equal(
        await page.locator('[data-testid="lesson-step-list"]').isVisible(),
        false,
        'the list closes',
      );
    },
  },
  {
    name: 'lesson tools: a message a step names is ringed on the wire, and only while the step names it',
    blank: true,
    timeoutMs: 90_000,
    async run({ page, url }) {
      await openFresh(page, `${url}#lesson=fsync-before-ack&step=0`);
      await settled(page, 0);
      // Step 0 names the ACK zk2 → zk3: the panel says it is on the wire, the ring rings it.
      const facts = await page.textContent('[data-testid="spot-item"][data-name="ACK zk2→zk3"]');
      assert.match(facts ?? '', /1 on the wire/);
      const ringed = page.locator('[data-testid="ring-messages-emphasis"]');
      assert.equal(await ringed.getAttribute('data-count'), '1');
      await shot(page, 'lesson-message-ringed');
      // The next step names no message: nothing is ringed.
      await page.keyboard.press('PageDown');
      await settled(page, 1);
      assert.equal(await ringed.count(), 0);
    },
  },
];
