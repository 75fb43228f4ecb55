// One rule everything rests on: a scenario gives the same trace in the browser — conductor in a
// worker, a worker per node — as in Node, run through the page's RunControl. In Chromium: the
// top-level examples and a recipe of each family (every example is checked with hosted nodes in
// Node by test/unit/conductor-hosts.test.ts, and every lesson's scenario is compared with Node at
// each of its steps by lessons.e2e.ts).
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { E2ETest } from './harness.ts';
import { act, loadScenario, nodeRun, openExample } from './run-driver.ts';

const RECIPES = ['lock', 'rwlock', 'election', 'semaphore', 'double_barrier', 'two_phase_commit'];

function exampleFiles(): string[] {
  const top = readdirSync('examples', { withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith('.json'))
    .map((d) => join('examples', d.name));
  return [...top.sort(), ...RECIPES.map((r) => join('examples', 'recipes', `${r}.json`))];
}

export const tests: E2ETest[] = [
  ...exampleFiles().map(
    (file): E2ETest => ({
      name: `example ${relative('examples', file)} gives the same trace hash in Chromium workers as in Node`,
      blank: true,
      timeoutMs: 180_000,
      async run({ page, url }) {
        const id = relative('examples', file).replace(/\.json$/, '');
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
