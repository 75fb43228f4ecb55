// Hostile scripts (test/fixtures/hostile-lua/*.lua, issue #11): each tries to run for ever without
// letting virtual time advance. Each must end with a lua.error naming its line (reason `budget`,
// or `runtime` for a plain argument error) within a bounded number of kernel steps, while the
// servers and another client in the same run go on and lose nothing.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeWasmSource } from '../../src/lua/wasm-node.ts';
import { validateScenario } from '../../src/scenario/validate.ts';
import { checkRun, liveServers } from '../../src/sim/check/index.ts';
import { MAX_STEPS_PER_INSTANT } from '../../src/sim/check/sweep.ts';
import { LuaPool } from '../../src/sim/lua-pool.ts';
import { createSimulation } from '../../src/sim/simulation.ts';
import { finished, logsOf, luaErrors } from '../support/lua-run.ts';

const DIR = join(import.meta.dirname, '../fixtures/hostile-lua');
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith('.lua'))
  .sort();

/** Every fixture starts with `-- expect: <reason> <line>`. */
function expectation(source: string): { reason: string; line: number } {
  const m = /^-- expect: (budget|runtime) (\d+)$/m.exec(source);
  if (!m) throw new Error('fixture without an "-- expect: <reason> <line>" header');
  return { reason: m[1]!, line: Number(m[2]) };
}

const WORKER = `zk.create("/worker", "0")
for i = 1, 5 do
  zk.sleep(500)
  zk.set("/worker", tostring(i))
end
print("worker done", (zk.get("/worker")), (zk.get("/hostile")))
`;

/** Kernel steps in all; far more than the run needs, far fewer than a runaway would take. */
const MAX_STEPS = 200_000;

async function runHostile(script: string) {
  const v = validateScenario({
    version: 1,
    seed: 7,
    duration: 5000,
    servers: { count: 3 },
    clients: [
      { name: 'hostile', script },
      { name: 'worker', script: WORKER },
    ],
  });
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  const scenario = v.scenario;
  const lua = await LuaPool.prepare(scenario, nodeWasmSource());
  try {
    const sim = createSimulation(scenario, { lua });
    const { world } = sim;
    let steps = 0;
    let still = 0;
    let mostStill = 0;
    for (
      let next = world.nextTime();
      next !== undefined && next <= scenario.duration;
      next = world.nextTime()
    ) {
      still = next === world.now ? still + 1 : 0;
      mostStill = Math.max(mostStill, still);
      if (++steps > MAX_STEPS || still > MAX_STEPS_PER_INSTANT) break;
      world.step();
    }
    return { sim, events: sim.trace.events, steps, mostStill };
  } finally {
    lua.close();
  }
}

describe('hostile Lua corpus (test/fixtures/hostile-lua)', () => {
  it('holds the scripts of issue #11', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(10);
  });

  it.each(FILES)(
    '%s ends with a lua.error at its line; the other client and the servers go on',
    async (file) => {
      const source = readFileSync(join(DIR, file), 'utf8');
      const want = expectation(source);
      const { sim, events, steps, mostStill } = await runHostile(source);

      expect(steps).toBeLessThanOrEqual(MAX_STEPS);
      expect(mostStill).toBeLessThan(MAX_STEPS_PER_INSTANT);
      const errors = luaErrors(events, 'hostile');
      expect(errors).toEqual([expect.objectContaining({ reason: want.reason, line: want.line })]);
      expect(errors[0]!.message.startsWith(`client.lua:${want.line}: `)).toBe(true);
      if (want.reason === 'budget') expect(errors[0]!.message).toContain('budget exceeded');

      // the run reached its end, the other client did all its work and saw the hostile one's node
      expect(sim.now).toBeGreaterThanOrEqual(4000);
      expect(luaErrors(events, 'worker')).toEqual([]);
      expect(logsOf(events, 'worker')).toEqual(['worker done\t5\tx']);
      expect(finished(events, 'worker')).toBe(true);
      expect(checkRun(events, liveServers(sim))).toEqual([]);
    },
  );
});
