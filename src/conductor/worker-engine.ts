// The engine with every node in its own host (a Web Worker in the page): the same world and the
// same scheduling as in-process, run with World.stepBatch so that inputs for different nodes due
// within the network's latency floor go to their workers at once.

import type { NodeSpec } from '../sim/node-spec.ts';
import type { Scenario } from '../sim/scenario-types.ts';
import { createSimulation } from '../sim/simulation.ts';
import type { PictureChange } from '../sim/view/picture-taker.ts';
import type { Engine } from './engine.ts';
import { nodeIds, SimulationEngine } from './simulation-engine.ts';
import { type SpawnedHost, WorkerNode } from './worker-node.ts';

export function createWorkerEngine(scenario: Scenario, spawn: (spec: NodeSpec) => SpawnedHost): Engine {
  const sim = createSimulation(scenario, {
    host: (spec, stream, luaSerial) => new WorkerNode(spec.id, spec, scenario.seed, stream, luaSerial, spawn),
  });
  return new WorkerEngine(scenario, sim);
}

class WorkerEngine extends SimulationEngine {
  protected async stepWorld(until: number): Promise<void> {
    await this.sim.world.stepBatch(until);
  }

  protected pictureOf(id: string, input: boolean): PictureChange | undefined {
    return input ? (this.sim.world.host(id) as WorkerNode | null)?.takePicture() : undefined;
  }

  dispose(): void {
    const { servers, clients } = nodeIds(this.scenario);
    for (const id of [...servers, ...clients]) this.sim.world.host(id)?.dispose();
  }
}
