// What every view shows is the state after the cursor's event, exactly: at 70 random event indices
// in each of three runs (the welcome run, a leader failover, the lock recipe), reached by seeking
// and stepping one event at a time as a reader would, the ring, the clients table, the lock queue
// and the znode tree show what a run computed in Node shows after that very event.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { indexAfter } from '../../src/conductor/bisect.ts';
import { comparable, exactRun, expectedDom, readDom } from './exact-dom.ts';
import type { E2ETest } from './harness.ts';
import { loadScenario, openExample } from './run-driver.ts';

const SAMPLES = 70;
/** Indices are drawn from the first 20 virtual seconds, where these runs do most of their work. */
const HORIZON_MS = 20_000;

interface PageRun {
  pause(): void;
  seek(t: number): Promise<void>;
  step(target?: string): Promise<boolean>;
}

/** The cursor right after event `index - 1`: seek to just before its millisecond, then step. */
async function goTo(page: Page, t: number, steps: number, index: number): Promise<void> {
  await page.evaluate(
    async ([at, n]) => {
      const run = (globalThis as unknown as { __zkRun: PageRun }).__zkRun;
      run.pause();
      await run.seek(at);
      for (let i = 0; i < n; i++) await run.step('event');
    },
    [t, steps] as const,
  );
  await page.waitForSelector(`[data-testid="cluster-svg"][data-cursor-index="${index}"]`);
}

function sample(count: number, n: number, seed: number): number[] {
  const out: number[] = [];
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out.push(1 + (x % count));
  }
  return out;
}

const RUNS: [string, string][] = [
  ['welcome', 'examples/welcome.json'],
  ['ensemble-failover', 'examples/ensemble-failover.json'],
  ['recipes/lock', 'examples/recipes/lock.json'],
];

export const tests: E2ETest[] = RUNS.map(
  ([id, file], n): E2ETest => ({
    name: `${id}: at ${SAMPLES} random events the ring, clients, lock queue and tree show the state after that event`,
    blank: true,
    timeoutMs: 180_000,
    async run({ page, url }) {
      const scenario = loadScenario(file);
      const run = await exactRun(scenario, Math.min(scenario.duration, HORIZON_MS));
      const events = run.events;
      // Events at 0 ms cannot be stepped into from a seek (a seek to 0 shows all of them).
      const indices = sample(events.length, SAMPLES * 3, 7 + n)
        .filter((i) => events[i - 1]!.t > 0)
        .slice(0, SAMPLES);
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await openExample(page, url, id);
      await page.waitForSelector('[data-testid="ring-server"]');
      let checked = 0;
      for (const [k, index] of indices.entries()) {
        // Half with the clients tab open (table and lock queue), half with the tree.
        await page.click(`[data-testid="tab-${k % 2 === 0 ? 'clients' : 'tree'}"]`);
        const t = events[index - 1]!.t;
        const first = indexAfter(events, t - 1);
        await goTo(page, t - 1, index - first, index);
        const got = await readDom(page);
        const want = comparable(expectedDom(run.at(index), events, index), got);
        assert.deepEqual(got, want, `${id}: the page at event ${index} (t=${t} ms)`);
        checked++;
      }
      assert.equal(checked, SAMPLES);
    },
  }),
);
