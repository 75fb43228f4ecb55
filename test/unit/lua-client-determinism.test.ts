// A run with Lua clients is a pure function of the scenario: several scripts using math.random and
// pairs over string keys, and logging what they see, give the same trace hash twice in this process
// and in fresh processes (the CLI); another seed gives another run.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeRecipeModules } from '../../src/lua/recipes/load-node.ts';
import { logsOf, luaErrors, simulateLua } from '../support/lua-run.ts';
import { tsxSync } from '../support/tsx-run.ts';

const ROOT = join(import.meta.dirname, '../..');

// Each worker draws random keys and delays, builds a table with string keys and logs it in pairs
// order, and races the others for sequential nodes under /race.
const WORKER = `
local mine = {}
for i = 1, 12 do mine["k" .. math.random(1, 1000)] = math.random() end
local order = {}
for k in pairs(mine) do order[#order + 1] = k end
print("pairs", table.concat(order, " "))
for i = 1, 4 do
  zk.sleep(math.random(1, 200))
  local path = zk.create("/race/n-", tostring(math.random(1, 10 ^ 6)), { sequential = true, ephemeral = i % 2 == 0 })
  print("created", path, zk.now())
end
local names = zk.children("/race")
local seen = {}
for _, n in ipairs(names) do seen[n] = (zk.get("/race/" .. n)) end
local line = {}
for n, v in pairs(seen) do line[#line + 1] = n .. "=" .. v end
print("seen", table.concat(line, " "))
zk.mark("done", { n = #names, r = math.random(1, 1000) })
`;

function scenario(seed: number): Record<string, unknown> {
  return {
    version: 1,
    seed,
    duration: 8000,
    servers: { count: 3, tickTime: 500, initLimit: 10, syncLimit: 5, extendedTypes: false },
    clients: [
      { name: 'setup', start: 800, script: 'zk.create("/race")' },
      ...['w1', 'w2', 'w3'].map((name, i) => ({ name, start: 1000 + i * 7, script: WORKER })),
    ],
    faults: [{ at: 1400, action: 'crash', target: 'zk3' }],
  };
}

async function hashOf(seed: number) {
  const run = await simulateLua(scenario(seed), nodeRecipeModules());
  return { hash: run.sim.traceHash(), events: run.events };
}

describe('determinism with Lua clients', () => {
  it('the same scenario gives the same trace twice in this process', async () => {
    const a = await hashOf(1);
    const b = await hashOf(1);
    expect(luaErrors(a.events)).toEqual([]);
    // The scripts really did use randomness and pairs: the workers saw different things.
    const pairsLines = ['w1', 'w2', 'w3'].map((c) => logsOf(a.events, c)[0]);
    expect(new Set(pairsLines).size).toBe(3);
    for (const c of ['w1', 'w2', 'w3']) expect(logsOf(a.events, c)).toHaveLength(6);
    expect(b.hash).toBe(a.hash);
    expect(b.events).toEqual(a.events);
  });

  it('a different seed gives a different trace', async () => {
    const a = await hashOf(1);
    const b = await hashOf(2);
    expect(b.hash).not.toBe(a.hash);
    expect(logsOf(b.events, 'w1')[0]).not.toBe(logsOf(a.events, 'w1')[0]);
  });

  it('fresh processes (the CLI) print the same hash as this process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lua-determinism-'));
    try {
      const file = join(dir, 'scenario.json');
      writeFileSync(file, JSON.stringify(scenario(1)));
      const cli = () => {
        const run = tsxSync(join(ROOT, 'src/cli/sim.ts'), [file], { cwd: ROOT });
        if (run.status !== 0) throw new Error(`the CLI failed:\n${run.stderr}`);
        const out = run.stdout;
        const m = /^trace hash: ([0-9a-f]{64})$/m.exec(out);
        if (!m) throw new Error(`no trace hash in the CLI output:\n${out}`);
        return m[1];
      };
      const first = cli();
      const second = cli();
      expect(second).toBe(first);
      expect(first).toBe((await hashOf(1)).hash);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
