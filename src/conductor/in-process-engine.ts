// The engine with every node in this thread: a Simulation (src/sim/simulation.ts) and its Lua VMs.
// Used by the CLI and tests, and by the page when Web Workers are not wanted.

import { type LuaEnv, LuaPool } from '../sim/lua-pool.ts';
import type { Scenario } from '../sim/scenario-types.ts';
import { createSimulation, type Simulation } from '../sim/simulation.ts';
import { type PictureChange, PictureTaker } from '../sim/view/picture-taker.ts';
import type { Engine } from './engine.ts';
import { SimulationEngine } from './simulation-engine.ts';

export async function createInProcessEngine(scenario: Scenario, lua: LuaEnv): Promise<Engine> {
  // A VM only for what runs Lua (a script, or a script edit), each made before the step that starts
  // its incarnation and closed when the next one starts: the engine only moves forward.
  const pool = await LuaPool.lazy(scenario, lua.wasm, lua.modules, { recycle: true });
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

  protected stepWorld(): Promise<void> | void {
    const world = this.sim.world;
    const next = world.nextTime();
    // A promise only when a VM must be made first: every other step stays synchronous.
    if (next !== undefined && this.pool.needs(next))
      return this.pool.ensure(next).then(() => void world.step());
    world.step();
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
      taker = new PictureTaker(false);
      this.takers.set(id, taker);
    }
    return taker.take(node, world.now);
  }

  dispose(): void {
    this.pool.close();
  }
}
