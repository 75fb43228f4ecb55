// The page names things (issue #15 items 10, 11): an address naming a missing example, lesson or
// anything else says so and offers the lists; a crashed lock holder is still named by its client.
import assert from 'node:assert/strict';
import type { E2ETest } from './harness.ts';
import { openFresh } from './run-driver.ts';
import { shot, waitForRun } from './views-page.ts';

export const tests: E2ETest[] = [
  {
    name: 'not found: #example=nope, #lesson=nope and #hello-world say what was not found and offer the lists',
    blank: true,
    async run({ page, url }) {
      for (const [hash, kind, word] of [
        ['#example=nope', 'example', 'nope'],
        ['#lesson=nope', 'lesson', 'nope'],
        ['#hello-world', 'address', 'hello-world'],
      ] as const) {
        await openFresh(page, `${url}${hash}`);
        await waitForRun(page);
        const note = page.locator('[data-testid="not-found"]');
        assert.equal(await note.getAttribute('data-kind'), kind, hash);
        assert.match((await note.textContent()) ?? '', new RegExp(`${word}.*welcome`, 's'));
        assert.equal(
          await page.textContent('[data-testid="scenario-name"]').then((t) => t?.trim() !== ''),
          true,
        );
      }
      // the lesson list, one click away
      await openFresh(page, `${url}#lesson=nope`);
      await waitForRun(page);
      await shot(page, 'not-found-lesson');
      await page.click('[data-testid="not-found-lessons"]');
      assert.equal(await page.getAttribute('[data-testid="lessons-button"]', 'aria-expanded'), 'true');
      // an example from the list opens it, and the note goes
      await openFresh(page, `${url}#example=nope`);
      await waitForRun(page);
      await page.selectOption('[data-testid="not-found-examples"]', 'recipes/lock');
      await page.waitForFunction(() => location.hash === '#example=recipes%2Flock');
      assert.equal(await page.locator('[data-testid="not-found"]').count(), 0);
      assert.equal(await page.inputValue('[data-testid="example-select"]'), 'recipes/lock');
      // a known example says nothing
      await openFresh(page, `${url}#example=welcome`);
      await waitForRun(page);
      assert.equal(await page.locator('[data-testid="not-found"]').count(), 0);
    },
  },
  {
    name: 'lock view: a crashed holder is named by its client, and who watches it too',
    async run({ page, url }) {
      await page.goto(`${url}#lesson=lock-holder-crash&step=2`);
      await page.waitForSelector('[data-testid="lesson-panel"][data-step="2"]', { timeout: 60_000 });
      await page.waitForSelector('[data-testid="lesson-panel"] .working', {
        state: 'detached',
        timeout: 60_000,
      });
      await page.waitForSelector('[data-testid="ring-client"][data-node="c1"][data-state="CRASHED"]');
      await page.click('[data-testid="tab-clients"]');
      const holder = page.locator('[data-testid="lock-contender"][data-holds="true"]');
      assert.equal(await holder.getAttribute('data-client'), 'c1');
      const watches = await page.$$eval('[data-testid="lock-watch"]', (els) =>
        els.map((e) => e.textContent?.trim() ?? ''),
      );
      assert.ok(
        watches.some((w) => /c1 #0/.test(w)),
        watches.join(' | '),
      );
      assert.ok(
        watches.every((w) => !/\?|0x/.test(w)),
        watches.join(' | '),
      );
    },
  },
];
