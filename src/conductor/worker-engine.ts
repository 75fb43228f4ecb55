// The engine with every node in its own host (a Web Worker in the page): the same world and the
// same scheduling as in-process, run with World.stepBatch so that inputs for different nodes due at
// one millisecond go to their workers at once.
import type { Scenario } from '../scenario/types.ts';
import type { NodeSpec } from '../sim/node-spec.ts';
import { createSimulation, type Simulation } from '../sim/simulation.ts';
import type { WorldView } from '../sim/view/types.ts';
import { WorldViewCache } from '../sim/view/world-view.ts';
import type { Engine } from './engine.ts';
import { nodeIds } from './in-process-engine.ts';
import { type SpawnedHost, WorkerNode } from './worker-node.ts';

export function createWorkerEngine(scenario: Scenario, spawn: (spec: NodeSpec) => SpawnedHost): Engine {
  const sim = createSimulation(scenario, {
    host: (spec, stream, luaSerial) => new WorkerNode(spec.id, spec, scenario.seed, stream, luaSerial, spawn),
  });
  return new WorkerEngine(scenario, sim);
}

class WorkerEngine implements Engine {
  private readonly nodes: { servers: string[]; clients: string[] };
  private readonly pictures: WorldViewCache;

  constructor(
    private readonly scenario: Scenario,
    private readonly sim: Simulation,
  ) {
    this.nodes = nodeIds(scenario);
    this.pictures = new WorldViewCache(sim.world, this.nodes);
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
      await world.stepBatch();
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
      await world.stepBatch();
    }
    return true;
  }

  view(): Promise<WorldView> {
    const world = this.sim.world;
    const t = this.sim.now;
    return this.pictures.view(t, (id) => (world.host(id) as WorkerNode | null)?.view(t));
  }

  hash(): string {
    return this.sim.traceHash();
  }

  dispose(): void {
    const world = this.sim.world;
    for (const id of [...this.nodes.servers, ...this.nodes.clients]) world.host(id)?.dispose();
  }
}
