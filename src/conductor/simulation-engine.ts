// What both engines share: a Simulation at the frontier, advanced item by item (in-process) or
// batch by batch (nodes in workers), with pictures redrawn only for nodes that moved.
import type { Scenario } from '../scenario/types.ts';
import { type Simulation, serverNodeId } from '../sim/simulation.ts';
import type { WorldView } from '../sim/view/types.ts';
import { WorldViewCache } from '../sim/view/world-view.ts';
import type { Engine } from './engine.ts';

export function nodeIds(scenario: Scenario): { servers: string[]; clients: string[] } {
  const n = scenario.servers.count + (scenario.servers.observers ?? 0);
  return {
    servers: Array.from({ length: n }, (_, i) => serverNodeId(i + 1)),
    clients: scenario.clients.map((c) => c.name),
  };
}

export abstract class SimulationEngine implements Engine {
  private readonly pictures: WorldViewCache;

  constructor(
    protected readonly scenario: Scenario,
    protected readonly sim: Simulation,
  ) {
    this.pictures = new WorldViewCache(sim.world, nodeIds(scenario));
  }

  /** Run the next item (or batch of items) of the world's agenda. */
  protected abstract stepWorld(): Promise<void> | void;
  /** A node's own picture (undefined when it is down). */
  protected abstract draw(id: string, t: number): unknown;
  abstract dispose(): void;

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
      await this.stepWorld();
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
      await this.stepWorld();
    }
    return true;
  }

  view(): Promise<WorldView> {
    const t = this.sim.now;
    return this.pictures.view(t, (id) => this.draw(id, t));
  }

  hash(): string {
    return this.sim.traceHash();
  }
}
