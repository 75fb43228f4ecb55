// The engine with every node in this thread: a Simulation (src/sim/simulation.ts) and its Lua VMs.
// Used by the CLI and tests, and by the page when Web Workers are not wanted.

import { LuaPool } from '../sim/lua-pool.ts';
import type { Scenario } from '../sim/scenario-types.ts';
import { createSimulation, type Simulation } from '../sim/simulation.ts';
import { type PictureChange, PictureTaker } from '../sim/view/picture-taker.ts';
import type { Engine } from './engine.ts';
import { SimulationEngine } from './simulation-engine.ts';

/** What a run needs to make Lua VMs: the wasm binary (URL or path) and the recipe modules. */
export interface LuaEnv {
  wasm: string;
  modules: Record<string, string>;
}

export async function createInProcessEngine(scenario: Scenario, lua: LuaEnv): Promise<Engine> {
  // LuaPool.prepare makes a VM only for what runs Lua (a script, or a script edit): none otherwise.
  const pool = await LuaPool.prepare(scenario, lua.wasm, lua.modules);
  const sim = createSimulation(scenario, { lua: pool });
  return new InProcessEngine(scenario, sim, pool);
}

class InProcessEngine extends SimulationEngine {
  /** One per node incarnation: a restarted node starts with a whole picture. */
  private readonly takers = new Map<string, PictureTaker>();

  constructor(
    scenario: Scenario,
    sim: Simulation,
    private readonly pool: LuaPool,
  ) {
    super(scenario, sim);
  }

  protected stepWorld(): void {
    this.sim.world.step();
  }

  protected pictureOf(id: string, input: boolean): PictureChange | undefined {
    const world = this.sim.world;
    const node = world.node(id);
    if (!node) {
      this.takers.delete(id);
      return undefined;
    }
    if (!input) return undefined;
    let taker = this.takers.get(id);
    if (!taker) {
      taker = new PictureTaker();
      this.takers.set(id, taker);
    }
    return taker.take(node, world.now);
  }

  dispose(): void {
    this.pool.close();
  }
}
