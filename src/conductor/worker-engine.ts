// The engine with every node in its own host (a Web Worker in the page): the same world and the
// same scheduling as in-process, run with World.stepBatch so that inputs for different nodes due
// within the network's latency floor go to their workers at once.

import type { Scenario } from '../sim/scenario-types.ts';
import { createSimulation } from '../sim/simulation.ts';
import type { PictureChange } from '../sim/view/picture-taker.ts';
import type { Engine } from './engine.ts';
import { nodeIds, SimulationEngine } from './simulation-engine.ts';
import { type HostedNode, type Spawn, type SpawnedHost, WorkerNode } from './worker-node.ts';

export function createWorkerEngine(scenario: Scenario, spawn: Spawn): Engine {
  const warm = new WarmHosts(spawn, luaClientsByStart(scenario).slice(0, WARM_AHEAD));
  const sim = createSimulation(scenario, {
    host: (spec, stream, luaSerial) =>
      new WorkerNode(spec.id, warm.take(spec), { spec, seed: scenario.seed, stream, luaSerial }),
  });
  return new WorkerEngine(scenario, sim, warm);
}

/** At most this many hosts are spawned ahead: a run with hundreds of clients spawns the rest as they start. */
const WARM_AHEAD = 16;

function luaClientsByStart(scenario: Scenario): HostedNode[] {
  return scenario.clients
    .filter((c) => c.script !== undefined)
    .sort((a, b) => a.start - b.start)
    .map((c) => ({ id: c.name, kind: 'client' }));
}

/**
 * Hosts spawned ahead for clients with a Lua script, in the order they start, one warming at a time,
 * from the end of the engine's first advance (the start: the servers have booted, so warming does not
 * delay the page's first picture): a client's worker otherwise loads and compiles Lua when the client
 * starts, and the whole run waits for it (84-1231 ms per client on lock-5x10 at load 11-14, 1.9-3.6 s
 * in all). One at a time, so the warming leaves the run's own workers the CPU (all ten at once
 * slowed the servers' boot as much as they saved).
 */
class WarmHosts {
  private readonly ready = new Map<string, SpawnedHost>();
  private readonly queue: HostedNode[];
  private begun = false;
  private stopped = false;

  constructor(
    private readonly spawn: Spawn,
    nodes: HostedNode[],
  ) {
    this.queue = [...nodes];
  }

  /** Start warming (once). */
  begin(): void {
    if (this.begun) return;
    this.begun = true;
    this.warmNext();
  }

  /** The node's warm host at its first start; a new host for a restart, or a node not warmed yet. */
  take(node: HostedNode): SpawnedHost {
    const waiting = this.queue.findIndex((n) => n.id === node.id);
    if (waiting >= 0) this.queue.splice(waiting, 1);
    const host = this.ready.get(node.id);
    if (!host) return this.spawn(node);
    this.ready.delete(node.id);
    return host;
  }

  dispose(): void {
    this.stopped = true;
    for (const host of this.ready.values()) host.terminate();
    this.ready.clear();
  }

  private warmNext(): void {
    const node = this.queue.shift();
    if (!node || this.stopped) return;
    const host = this.spawn(node);
    this.ready.set(node.id, host);
    // A host that cannot warm up fails its boot just the same, and that is reported.
    const warmed = host.api.warm?.() ?? Promise.resolve();
    warmed.catch(() => undefined).then(() => this.warmNext());
  }
}

class WorkerEngine extends SimulationEngine {
  constructor(
    scenario: Scenario,
    sim: ReturnType<typeof createSimulation>,
    private readonly warm: WarmHosts,
  ) {
    super(scenario, sim);
  }

  override async advance(t: number, maxEvents: number): Promise<boolean> {
    const caughtUp = await super.advance(t, maxEvents);
    this.warm.begin();
    return caughtUp;
  }

  protected async stepWorld(until: number): Promise<void> {
    await this.sim.world.stepBatch(until);
  }

  protected pictureOf(id: string, input: boolean): PictureChange | undefined {
    return input ? (this.sim.world.host(id) as WorkerNode | null)?.takePicture() : undefined;
  }

  dispose(): void {
    const { servers, clients } = nodeIds(this.scenario);
    for (const id of [...servers, ...clients]) this.sim.world.host(id)?.dispose();
    this.warm.dispose();
  }
}
