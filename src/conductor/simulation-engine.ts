// What both engines share: a Simulation at the frontier, advanced item by item (in-process) or
// batch by batch (nodes in workers), with a picture change recorded after every node move.
import type { Scenario } from '../sim/scenario-types.ts';
import { type Simulation, serverNodeId } from '../sim/simulation.ts';
import type { PictureChange } from '../sim/view/picture-taker.ts';
import type { ViewedNodes } from '../sim/view/world-view.ts';
import type { Engine } from './engine.ts';
import { PictureRecorder } from './picture-recorder.ts';
import type { PictureEntry } from './view-log.ts';

export function nodeIds(
  scenario: Scenario,
): Required<ViewedNodes> & { servers: string[]; clients: string[] } {
  const n = scenario.servers.count + (scenario.servers.observers ?? 0);
  const servers = Array.from({ length: n }, (_, i) => serverNodeId(i + 1));
  return {
    servers,
    clients: scenario.clients.map((c) => c.name),
    observers: servers.slice(scenario.servers.count),
  };
}

export abstract class SimulationEngine implements Engine {
  private readonly pictures: PictureRecorder;

  constructor(
    protected readonly scenario: Scenario,
    protected readonly sim: Simulation,
  ) {
    this.pictures = new PictureRecorder(sim.world, nodeIds(scenario));
    sim.world.observe((id, from, input) => this.pictures.record(id, from, this.pictureOf(id, input)));
  }

  /** Run the next item (or batch of items, none due after `until`) of the world's agenda. */
  protected abstract stepWorld(until: number): Promise<void> | void;
  /** The node's picture change after the input it just handled (input false: the host moved it). */
  protected abstract pictureOf(id: string, input: boolean): PictureChange | undefined;
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
      // Awaited only when it is a promise: an await of every synchronous step (a million in a long
      // run) costs a microtask turn each.
      const stepped = this.stepWorld(until);
      if (stepped) await stepped;
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
      const stepped = this.stepWorld(this.scenario.duration);
      if (stepped) await stepped;
    }
    return true;
  }

  takePictures(): PictureEntry[] {
    return this.pictures.take();
  }

  hash(): string {
    return this.sim.traceHash();
  }
}
