// Lua VMs are made when needed (issue #11 item 8, docs/lua.md "VMs are made when needed"): the
// sweep, the page's in-process engine and Simulation.advance make each VM before the step that
// starts its incarnation and close the previous one, so a run with the most restarts a scenario
// may have (MAX_RESTARTS) holds at most two VMs of its client at once — counted, not timed — and
// every trace is the one a pool made up front gives.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createInProcessEngine } from '../../src/conductor/in-process-engine.ts';
import { resetVmPeak, vmCensus } from '../../src/lua/census.ts';
import { nodeRecipeModules } from '../../src/lua/recipes/load-node.ts';
import { nodeWasmSource } from '../../src/lua/wasm-node.ts';
import { MAX_RESTARTS, parseScenarioJson, validateScenario } from '../../src/scenario/validate.ts';
import {
  DEFAULT_SWEEP_OPTIONS,
  runSeed,
  type SweepOptions,
  sweepScenario,
} from '../../src/sim/check/sweep.ts';
import { LuaPool } from '../../src/sim/lua-pool.ts';
import type { Scenario } from '../../src/sim/scenario-types.ts';
import { createSimulation } from '../../src/sim/simulation.ts';

const env = () => ({ wasm: nodeWasmSource(), modules: nodeRecipeModules() });

function valid(doc: unknown): Scenario {
  const r = validateScenario(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.scenario;
}

/** One Lua client restarted MAX_RESTARTS times: crash + restart pairs, and restarts while it is up. */
function manyRestarts(): Scenario {
  const pairs = MAX_RESTARTS / 2;
  return valid({
    version: 1,
    seed: 5,
    duration: pairs * 200 + 2000,
    clients: [
      {
        name: 'a',
        script:
          "local n = math.random(1, 1000) assert(zk.create('/n', tostring(n), { ephemeral = true, sequential = true }))",
      },
    ],
    faults: [
      ...Array.from({ length: pairs / 2 }, (_, i) => [
        { at: 400 * i + 100, action: 'crash', target: 'a' },
        { at: 400 * i + 150, action: 'restart', target: 'a' },
        // a restart of a client that is up starts nothing: its VM is not wasted either
        { at: 400 * i + 190, action: 'restart', target: 'a' },
        // several incarnations at one instant: a crash and a restart in the same millisecond
        { at: 400 * i + 300, action: 'crash', target: 'a' },
        { at: 400 * i + 300, action: 'restart', target: 'a' },
      ]).flat(),
    ],
  });
}

/** Lua and JSON clients, restarts and script edits (one aimed at a JSON-program client), on 3 servers. */
function mixed(): Scenario {
  const lock = (id: string) =>
    `local lock = require("lock")\nlocal l = lock.new("/lock", { id = "${id}" })\nassert(l:acquire())\nl:hold(${300 + id.length * 100})\nl:release()\nassert(zk.create("/r", tostring(math.random(1, 99)), { ephemeral = true, sequential = true }))\n`;
  return valid({
    version: 1,
    seed: 9,
    duration: 12_000,
    servers: { count: 3, tickTime: 500 },
    clients: [
      { name: 'c1', start: 500, sessionTimeout: 3000, script: lock('c1') },
      { name: 'c2', start: 600, sessionTimeout: 3000, script: lock('c2') },
      { name: 'j', start: 700, program: [{ op: 'create', path: '/j', data: 'json' }] },
    ],
    faults: [
      { at: 1500, action: 'crash', target: 'c1' },
      { at: 2500, action: 'restart', target: 'c1' },
      { at: 3000, action: 'script', target: 'j', script: lock('j') },
      { at: 3000, action: 'script', target: 'c2', script: lock('c2-edited') },
      { at: 4000, action: 'crash', target: 'zk1' },
      { at: 5000, action: 'restart', target: 'zk1' },
      { at: 6000, action: 'crash', target: 'c2' },
      { at: 6000, action: 'restart', target: 'c2' },
      { at: 7000, action: 'script', target: 'j', script: lock('jj') },
    ],
  });
}

/** The trace hash with every VM made up front (LuaPool.prepare) and the synchronous runUntil. */
async function eagerHash(s: Scenario): Promise<{ hash: string; events: number }> {
  const pool = await LuaPool.prepare(s, nodeWasmSource(), nodeRecipeModules());
  try {
    const sim = createSimulation(s, { lua: pool });
    sim.runUntil(s.duration);
    return { hash: sim.traceHash(), events: sim.trace.length };
  } finally {
    pool.close();
  }
}

describe('LuaPool made lazily', () => {
  it('makes first VMs at once and a later one only when a step may start its incarnation', async () => {
    const s = mixed();
    const pool = await LuaPool.lazy(s, nodeWasmSource(), nodeRecipeModules(), { recycle: true });
    try {
      // c1, c2 and j (edited by a script fault) each get their first VM; nothing more is needed
      // until c1's restart at 2500 could start an incarnation
      expect(pool.live).toBe(3);
      expect(pool.needs(2499)).toBe(false);
      pool.take('c1');
      expect(pool.needs(1000)).toBe(false);
      expect(pool.needs(2500)).toBe(true);
      await pool.ensure(2500);
      expect(pool.needs(2500)).toBe(false);
      expect(pool.live).toBe(4);
      pool.take('c1');
      // recycled: c1's first VM was closed when it took its second
      expect(pool.live).toBe(3);
    } finally {
      pool.close();
    }
  });

  it('a step that needs a VM the pool has not made fails loudly, naming the client', async () => {
    const pool = await LuaPool.lazy(mixed(), nodeWasmSource(), nodeRecipeModules());
    pool.take('c1');
    expect(() => pool.take('c1')).toThrow(/no Lua VM made for client 'c1'/);
    pool.close();
  });
});

describe(`${MAX_RESTARTS} restarts of one Lua client hold at most two VMs`, () => {
  const s = manyRestarts();

  it('Simulation.advance: at most two VMs at any event, the same trace as VMs made up front', async () => {
    const eager = await eagerHash(s);
    const before = vmCensus().open;
    resetVmPeak();
    const pool = await LuaPool.lazy(s, nodeWasmSource(), nodeRecipeModules(), { recycle: true });
    const sim = createSimulation(s, { lua: pool });
    let most = 0;
    sim.trace.onEvent(() => {
      most = Math.max(most, pool.live);
    });
    await sim.advance(s.duration);
    pool.close();
    const starts = sim.trace.events.filter((e) => e.kind === 'node.start' && e.node === 'a').length;
    // every crash + restart pair started an incarnation: hundreds of VMs were taken, one by one
    expect(starts).toBeGreaterThan(MAX_RESTARTS / 3);
    expect(most).toBeLessThanOrEqual(2);
    expect(vmCensus().peak - before).toBeLessThanOrEqual(2);
    expect(vmCensus().open).toBe(before);
    expect(sim.traceHash()).toBe(eager.hash);
    expect(sim.trace.length).toBe(eager.events);
  });

  it('the sweep (runSeed): at most two VMs open at once, the same trace', async () => {
    const eager = await eagerHash(s);
    const before = vmCensus().open;
    resetVmPeak();
    const options: SweepOptions = { ...DEFAULT_SWEEP_OPTIONS, faults: 'none', base: s };
    const r = await runSeed(s.seed, options, { traceHash: true, lua: env() });
    expect(vmCensus().peak - before).toBeLessThanOrEqual(2);
    expect(vmCensus().open).toBe(before);
    expect(r.violations).toEqual([]);
    expect(r.traceHash).toBe(eager.hash);
  });

  it('the in-process engine: at most two VMs open at once, the same trace', async () => {
    const eager = await eagerHash(s);
    const before = vmCensus().open;
    resetVmPeak();
    const engine = await createInProcessEngine(s, env());
    while (!(await engine.advance(s.duration, 5000))) {}
    expect(engine.done()).toBe(true);
    expect(vmCensus().peak - before).toBeLessThanOrEqual(2);
    expect(engine.hash()).toBe(eager.hash);
    engine.dispose();
    expect(vmCensus().open).toBe(before);
  });
});

describe('traces are the ones VMs made up front give', () => {
  it('restarts and script edits of Lua and JSON clients, through advance, the engine and the sweep', async () => {
    const s = mixed();
    const eager = await eagerHash(s);
    const pool = await LuaPool.lazy(s, nodeWasmSource(), nodeRecipeModules(), { recycle: true });
    const sim = createSimulation(s, { lua: pool });
    await sim.advance(s.duration);
    pool.close();
    expect(sim.traceHash()).toBe(eager.hash);
    // the edits ran Lua: the JSON client's script ran to its end; no script failed
    expect(sim.trace.events.some((e) => e.kind === 'lua.done' && e.client === 'j')).toBe(true);
    expect(sim.trace.events.filter((e) => e.kind === 'lua.error')).toEqual([]);

    const engine = await createInProcessEngine(s, env());
    while (!(await engine.advance(s.duration, 5000))) {}
    expect(engine.hash()).toBe(eager.hash);
    engine.dispose();

    const swept = await runSeed(
      s.seed,
      { ...DEFAULT_SWEEP_OPTIONS, faults: 'none', base: s },
      {
        traceHash: true,
        lua: env(),
      },
    );
    expect(swept.traceHash).toBe(eager.hash);
  });

  it.each(['lessons/lock-holder-crash', 'lessons/lock', 'lua-ensemble'])(
    'sweep seeds of %s with random faults (client crashes and restarts)',
    async (name) => {
      const base = parseScenarioJson(readFileSync(`examples/${name}.json`, 'utf8'));
      if (!base.ok) throw new Error(`${name} invalid`);
      const options: SweepOptions = { ...DEFAULT_SWEEP_OPTIONS, base: base.scenario };
      for (const seed of [1, 2, 3]) {
        const s = sweepScenario(seed, options);
        const lazy = await runSeed(seed, options, { traceHash: true, lua: env() });
        expect(lazy.traceHash).toBe((await eagerHash(s)).hash);
      }
    },
  );
});
