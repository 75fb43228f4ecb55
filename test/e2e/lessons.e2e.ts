// Every gallery lesson plays from its link in presenter mode: the clicker key (PageDown) walks
// every step, and at every step the page shows exactly the state after the cursor's event (the ring
// and whichever panel is open, against the same document run in Node to that event). For a lesson
// of each kind a deep link to the last step, opened on a new page, lands where the walk ended; that
// a deep link lands where Next does is checked for every lesson in Node (test/unit/lessons.test.ts),
// so here it is the address and the page's own start that are under test, not each lesson's data.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { LESSONS } from '../../src/lessons/gallery.ts';
import { comparable, ExactRuns, expectedDom, pageFrame, readDom } from './exact-dom.ts';
import type { E2ETest } from './harness.ts';

async function settled(page: Page, step: number): Promise<void> {
  await page.waitForSelector(`[data-testid="lesson-panel"][data-step="${step}"]`, { timeout: 60_000 });
  await page.waitForSelector('[data-testid="lesson-panel"] .working', { state: 'detached', timeout: 60_000 });
}

const cursor = (page: Page) => page.getAttribute('[data-testid="virtual-time"]', 'data-t');

/** The page at this step shows the exact state after its cursor's event. */
async function exactAt(runs: ExactRuns, page: Page, lesson: string, step: number): Promise<void> {
  const frame = await pageFrame(page);
  await page.waitForSelector(`[data-testid="cluster-svg"][data-cursor-index="${frame.cursorIndex}"]`);
  const run = await runs.upTo(frame.scenario, frame.t);
  const got = await readDom(page);
  const want = comparable(expectedDom(run.at(frame.cursorIndex), run.events, frame.cursorIndex), got);
  assert.deepEqual(got, want, `${lesson} step ${step} (t=${frame.t} ms, event ${frame.cursorIndex})`);
}

/** The lessons whose deep link is opened in the browser: the on-ramp, a crash, a partition, a
 * truncated log, a recipe and a connection loss. */
const DEEP_LINKED = new Set([
  'zookeeper-in-five-steps',
  'leader-failover',
  'minority-partition',
  'rejoin-trunc',
  'lock-herd',
  'lock-connectionloss',
]);

for (const id of DEEP_LINKED)
  if (!LESSONS.some((l) => l.id === id)) throw new Error(`DEEP_LINKED names no lesson: ${id}`);

export const tests: E2ETest[] = LESSONS.map(
  (lesson): E2ETest => ({
    name: `lesson ${lesson.id}: every step by the clicker in presenter mode${DEEP_LINKED.has(lesson.id) ? '; a deep link to the last step lands there too' : ''}`,
    blank: true,
    timeoutMs: 120_000,
    async run({ page, url }) {
      const runs = new ExactRuns();
      try {
        await walk(page, url, lesson, runs);
      } finally {
        runs.dispose();
      }
    },
  }),
);

async function walk(
  page: Page,
  url: string,
  lesson: (typeof LESSONS)[number],
  runs: ExactRuns,
): Promise<void> {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  // A fresh load with the lesson's address (the harness's page starts blank).
  await page.goto(`${url}#lesson=${lesson.id}&step=0`);
  await settled(page, 0);
  await exactAt(runs, page, lesson.id, 0);
  assert.equal(await page.evaluate(() => document.documentElement.classList.contains('presenter')), true);
  assert.equal(await page.locator('[data-testid="tab-editor"]').count(), 0, 'the editor is hidden');
  const last = lesson.steps.length - 1;
  for (let step = 1; step <= last; step++) {
    await page.keyboard.press('PageDown');
    await settled(page, step);
    if (lesson.steps[step]!.predict) {
      // A predict step asks first (the run held where the last step left it); Next reveals it.
      await page.waitForSelector('[data-testid="lesson-predict"]');
      await page.keyboard.press('PageDown');
      await page.waitForSelector('[data-testid="lesson-text"]');
      await settled(page, step);
    }
    await exactAt(runs, page, lesson.id, step);
    assert.match(await page.evaluate(() => location.hash), new RegExp(`step=${step}`));
  }
  const walked = await cursor(page);
  const text = await page.textContent('[data-testid="lesson-step-count"]');
  assert.ok(text?.includes(`${last + 1}/${last + 1}`), text ?? '');
  if (!DEEP_LINKED.has(lesson.id)) return;

  // The deep link is about the address and the step search, not about where nodes run: its run is
  // on the page's thread, which starts without a worker per node (the walk above used workers).
  const deep = await page.context().newPage();
  await deep.goto(`${url}#lesson=${lesson.id}&step=${last}&mode=in-process`);
  await settled(deep, last);
  assert.equal(await cursor(deep), walked);
  await deep.close();
}
