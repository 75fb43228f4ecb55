// The engine with every node in this thread: a Simulation (src/sim/simulation.ts) and its Lua VMs.
// Used by the CLI and tests, and by the page when Web Workers are not wanted.
import type { Scenario } from '../scenario/types.ts';
import { LuaPool } from '../sim/lua-pool.ts';
import { createSimulation, type Simulation, serverNodeId } from '../sim/simulation.ts';
import type { WorldView } from '../sim/view/types.ts';
import { WorldViewCache } from '../sim/view/world-view.ts';
import type { Engine } from './engine.ts';

/** What a run needs to make Lua VMs: the wasm binary (URL or path) and the recipe modules. */
export interface LuaEnv {
  wasm: string;
  modules: Record<string, string>;
}

export async function createInProcessEngine(scenario: Scenario, lua: LuaEnv): Promise<Engine> {
  const needsLua =
    scenario.clients.some((c) => c.script !== undefined) ||
    scenario.faults.some((f) => f.action === 'script');
  const pool = needsLua ? await LuaPool.prepare(scenario, lua.wasm, lua.modules) : undefined;
  const sim = createSimulation(scenario, pool ? { lua: pool } : {});
  return new InProcessEngine(scenario, sim, pool);
}

export function nodeIds(scenario: Scenario): { servers: string[]; clients: string[] } {
  const n = scenario.servers.count + (scenario.servers.observers ?? 0);
  return {
    servers: Array.from({ length: n }, (_, i) => serverNodeId(i + 1)),
    clients: scenario.clients.map((c) => c.name),
  };
}

class InProcessEngine implements Engine {
  private readonly pictures: WorldViewCache;

  constructor(
    private readonly scenario: Scenario,
    private readonly sim: Simulation,
    private readonly pool: LuaPool | undefined,
  ) {
    this.pictures = new WorldViewCache(sim.world, nodeIds(scenario));
  }

  get events() {
    return this.sim.trace.events;
  }

  get now(): number {
    return this.sim.now;
  }

  done(): boolean {
    return this.sim.done();
  }

  async advance(t: number, maxEvents: number): Promise<boolean> {
    const world = this.sim.world;
    const until = Math.min(t, this.scenario.duration);
    const stop = this.events.length + maxEvents;
    for (let next = world.nextTime(); next !== undefined && next <= until; next = world.nextTime()) {
      if (this.events.length >= stop) return false;
      world.step();
    }
    world.runUntil(until);
    return true;
  }

  async stepEvent(): Promise<boolean> {
    const world = this.sim.world;
    const before = this.events.length;
    while (this.events.length === before) {
      const next = world.nextTime();
      if (next === undefined || next > this.scenario.duration) return false;
      world.step();
    }
    return true;
  }

  view(): Promise<WorldView> {
    const world = this.sim.world;
    const t = this.sim.now;
    return this.pictures.view(t, (id) => world.node(id)?.view?.(t));
  }

  hash(): string {
    return this.sim.traceHash();
  }

  dispose(): void {
    this.pool?.close();
  }
}
