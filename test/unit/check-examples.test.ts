// Every shipped example (examples/, examples/lessons/, examples/recipes/) is checked as
// `npm run sim -- <file> --check` does. The ones that are not broken on purpose pass every
// invariant; the broken twins (their description starts with "BROKEN ON PURPOSE") may not, and the
// protocol-bug lesson diff-instead-of-trunc must now be caught.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeRecipeModules } from '../../src/lua/recipes/load-node.ts';
import { parseScenarioJson } from '../../src/scenario/validate.ts';
import { checkRun, liveServers, type Violation } from '../../src/sim/check/index.ts';
import { runScenario } from '../support/lua-run.ts';

const EXAMPLES = join(import.meta.dirname, '../../examples');
const FILES = ['.', 'lessons', 'recipes'].flatMap((dir) =>
  readdirSync(join(EXAMPLES, dir))
    .filter((f) => f.endsWith('.json'))
    .map((f) => join(dir, f)),
);

async function check(file: string): Promise<{ broken: boolean; violations: Violation[] }> {
  const parsed = parseScenarioJson(readFileSync(join(EXAMPLES, file), 'utf8'));
  if (!parsed.ok) throw new Error(`${file}: ${JSON.stringify(parsed.errors)}`);
  const run = await runScenario(parsed.scenario, nodeRecipeModules());
  return {
    broken: (parsed.scenario.description ?? '').startsWith('BROKEN ON PURPOSE'),
    violations: checkRun(run.events, liveServers(run.sim)),
  };
}

describe('shipped examples under the checker', () => {
  it.each(FILES.filter((f) => !f.includes('diff-instead-of-trunc')))(
    '%s: clean unless broken on purpose',
    async (file) => {
      const { broken, violations } = await check(file);
      if (!broken) expect(violations.map((v) => `${v.invariant}: ${v.message}`)).toEqual([]);
    },
  );

  it('lessons/diff-instead-of-trunc.json: the DIFF and the uncommitted read are caught', async () => {
    const { broken, violations } = await check('lessons/diff-instead-of-trunc.json');
    expect(broken).toBe(true);
    expect(violations.map((v) => [v.invariant, v.t])).toEqual([
      ['sync-truncates', 4131],
      ['read-committed', 4905],
    ]);
    expect(violations[1]!.message).toContain('client a saw 0x100000004 (mzxid of /x)');
  });
});
