// Run a scenario whose clients are Lua scripts (docs/lua-api.md) to its end, for tests: the VMs are
// prepared with LuaPool.prepare (as src/cli/sim.ts does) and closed after the run.
import { nodeWasmSource } from '../../src/lua/wasm-node.ts';
import { validateScenario } from '../../src/scenario/validate.ts';
import { LuaPool } from '../../src/sim/lua-pool.ts';
import type { Scenario } from '../../src/sim/scenario-types.ts';
import { createSimulation, type Simulation } from '../../src/sim/simulation.ts';
import type { EventOf, TraceEvent } from '../../src/sim/trace/event.ts';
import { ofKind } from './run.ts';

export interface LuaRun {
  sim: Simulation;
  events: TraceEvent[];
  scenario: Scenario;
}

/** A scenario document with defaults (seed 1, 30 s), validated, its Lua VMs prepared, run to its end. */
export function simulateLua(
  doc: Record<string, unknown>,
  modules: Record<string, string> = {},
): Promise<LuaRun> {
  const v = validateScenario({ version: 1, seed: 1, duration: 30_000, ...doc });
  if (!v.ok) throw new Error(`test scenario invalid: ${JSON.stringify(v.errors)}`);
  return runScenario(v.scenario, modules);
}

/** A validated scenario (e.g. from parseScenarioJson), its Lua VMs prepared, run to its end. */
export async function runScenario(scenario: Scenario, modules: Record<string, string> = {}): Promise<LuaRun> {
  const lua = await LuaPool.prepare(scenario, nodeWasmSource(), modules);
  try {
    const sim = createSimulation(scenario, { lua });
    sim.runUntil(scenario.duration);
    return { sim, events: sim.trace.events, scenario };
  } finally {
    lua.close();
  }
}

/** One Lua client against a standalone server (or the servers of `doc`), run to its end. */
export function runScript(
  script: string,
  doc: Record<string, unknown> = {},
  client: Record<string, unknown> = {},
): Promise<LuaRun> {
  return simulateLua({ ...doc, clients: [{ name: 'c', script, ...client }] });
}

/** What a client logged with zk.log / print, in order. */
export const logsOf = (events: readonly TraceEvent[], client = 'c'): string[] =>
  ofKind(events, 'lua.log', client).map((e) => e.message);

/** The lua.error events of a client (or of every client). */
export const luaErrors = (events: readonly TraceEvent[], client?: string): EventOf<'lua.error'>[] =>
  ofKind(events, 'lua.error', client);

/** True when the client's main script returned (lua.done). */
export const finished = (events: readonly TraceEvent[], client = 'c'): boolean =>
  ofKind(events, 'lua.done', client).length > 0;
