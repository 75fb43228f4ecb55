// Running example scenarios for the node-picture tests: load an example, step its world one event
// at a time, and take pictures (worldView) along the way.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeRecipeModules } from '../../src/lua/recipes/load-node.ts';
import { nodeWasmSource } from '../../src/lua/wasm-node.ts';
import { formatScenarioErrors, parseScenarioJson, validateScenario } from '../../src/scenario/validate.ts';
import { LuaPool } from '../../src/sim/lua-pool.ts';
import type { Scenario } from '../../src/sim/scenario-types.ts';
import { createSimulation, type Simulation, serverNodeId } from '../../src/sim/simulation.ts';
import type { ClientView, ServerView, WorldView } from '../../src/sim/view/types.ts';
import { type ViewedNodes, worldView } from '../../src/sim/view/world-view.ts';

const EXAMPLES = join(import.meta.dirname, '../../examples');

/** examples/<file>, validated. */
export function example(file: string): Scenario {
  const r = parseScenarioJson(readFileSync(join(EXAMPLES, file), 'utf8'));
  if (!r.ok) throw new Error(`${file}:\n${formatScenarioErrors(r.errors)}`);
  return r.scenario;
}

/** A scenario document with the test defaults (seed 1, 30 s), validated. */
export function scenario(doc: Record<string, unknown>): Scenario {
  const v = validateScenario({ version: 1, seed: 1, duration: 30_000, ...doc });
  if (!v.ok) throw new Error(`test scenario invalid: ${JSON.stringify(v.errors)}`);
  return v.scenario;
}

export function nodesOf(s: Scenario): ViewedNodes {
  const voters = s.servers.count;
  const all = voters + (s.servers.observers ?? 0);
  const servers = Array.from({ length: all }, (_, i) => serverNodeId(i + 1));
  return { servers, clients: s.clients.map((c) => c.name), observers: servers.slice(voters) };
}

export interface ViewRun {
  sim: Simulation;
  scenario: Scenario;
  view(): WorldView;
  server(id: string): ServerView;
  client(id: string): ClientView;
  /** Step one event at a time until `done` holds (checked after every event); false if time ran out. */
  stepUntil(done: () => boolean): boolean;
  close(): void;
}

/** A simulation of `s` with its Lua VMs (recipe modules included) ready to be stepped. */
export async function start(s: Scenario): Promise<ViewRun> {
  const needsLua = s.clients.some((c) => c.script !== undefined);
  const pool = needsLua ? await LuaPool.prepare(s, nodeWasmSource(), nodeRecipeModules()) : undefined;
  const sim = createSimulation(s, pool ? { lua: pool } : {});
  const nodes = nodesOf(s);
  // Drawn from scratch: the reference the pictures views keep (and share between) are checked against.
  const view = () => worldView(sim.world, nodes, sim.now, true);
  return {
    sim,
    scenario: s,
    view,
    server: (id) => view().servers.find((v) => v.node === id)!,
    client: (id) => view().clients.find((v) => v.node === id)!,
    stepUntil(done) {
      for (;;) {
        const next = sim.world.nextTime();
        if (next === undefined || next > s.duration) return false;
        sim.world.step();
        if (done()) return true;
      }
    },
    close: () => pool?.close(),
  };
}
