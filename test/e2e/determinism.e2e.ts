// One rule everything rests on: a scenario gives the same trace in the browser — conductor in a
// worker, a worker per node — as in Node, run through the page's RunControl. In Chromium: a handful
// of examples chosen for the paths they take (the welcome run; a leader crash and its election; a
// sub-millisecond time grid; session expiry; a recipe of watches between clients), and the lock recipe
// twice in workers and once on the page's thread. Every example and lesson scenario is checked
// with hosted nodes in Node by test/unit/conductor-hosts.test.ts, and every lesson is compared with
// Node at each of its steps, with its nodes in workers, by lessons.e2e.ts.
import assert from 'node:assert/strict';
import type { E2ETest } from './harness.ts';
import { act, loadScenario, nodeRun, openExample } from './run-driver.ts';

const EXAMPLES = [
  'welcome',
  'ensemble-failover',
  'loopback-lock',
  'session-expiry',
  'recipes/two_phase_commit',
];

export const tests: E2ETest[] = [
  ...EXAMPLES.map(
    (id): E2ETest => ({
      name: `example ${id}.json gives the same trace hash in Chromium workers as in Node`,
      blank: true,
      timeoutMs: 180_000,
      async run({ page, url }) {
        const file = `examples/${id}.json`;
        const expected = await nodeRun(loadScenario(file), file);
        await openExample(page, url, id);
        await act(page, { op: 'reset' });
        const end = await act(page, { op: 'play', speed: 'max', until: 'done' });
        assert.equal(end.events, expected.events);
        assert.equal(end.hash, expected.hash);
      },
    }),
  ),
  {
    name: 'two page loads, and the page thread without workers, give the same hash',
    blank: true,
    timeoutMs: 180_000,
    async run({ page, url }) {
      const hashes: (string | null)[] = [];
      for (const mode of ['', '', '&mode=in-process']) {
        await openExample(page, url, 'recipes/lock', mode);
        await act(page, { op: 'reset' });
        hashes.push((await act(page, { op: 'play', speed: 'max', until: 'done' })).hash);
      }
      const expected = await nodeRun(loadScenario('examples/recipes/lock.json'), 'lock');
      assert.deepEqual(hashes, [expected.hash, expected.hash, expected.hash]);
    },
  },
];
