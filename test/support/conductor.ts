// A conductor in Node with in-process nodes and a hand-driven clock: `fire()` runs one frame.
import { Conductor, type Ticker } from '../../src/conductor/conductor.ts';
import { pooledSpawn } from '../../src/conductor/host-pool.ts';
import { createInProcessEngine } from '../../src/conductor/in-process-engine.ts';
import { type BootRequest, NodeHostCore } from '../../src/conductor/node-host.ts';
import type { Frame } from '../../src/conductor/run-control.ts';
import { createWorkerEngine } from '../../src/conductor/worker-engine.ts';
import type { Spawn } from '../../src/conductor/worker-node.ts';
import { nodeRecipeModules } from '../../src/lua/recipes/load-node.ts';
import { nodeWasmSource } from '../../src/lua/wasm-node.ts';
import type { Scenario } from '../../src/sim/scenario-types.ts';
import type { TraceEvent } from '../../src/sim/trace/event.ts';

export const nodeLua = () => ({ wasm: nodeWasmSource(), modules: nodeRecipeModules() });

export class ManualTicker implements Ticker {
  time = 0;
  private pending: (() => void)[] = [];
  /** Called whenever the conductor reads the clock (tests use it to act in the middle of a frame). */
  onNow: (() => void) | null = null;
  now = () => {
    this.onNow?.();
    return this.time;
  };
  request(tick: () => void): () => void {
    this.pending.push(tick);
    return () => {
      this.pending = this.pending.filter((t) => t !== tick);
    };
  }
  /** Advance real time by `ms` and run the frame that was asked for, if any. */
  fire(ms = 16): boolean {
    this.time += ms;
    const due = this.pending;
    this.pending = [];
    for (const t of due) t();
    return due.length > 0;
  }
}

/** What a page would hold: the events and the last frame, kept up to date like Timeline.apply. */
export class PageMirror {
  events: TraceEvent[] = [];
  frame: Frame | null = null;
  frames = 0;
  apply = (f: Frame): void => {
    this.events.length = Math.min(this.events.length, f.from);
    // One by one: a frame after a long computation carries more events than a spread can pass.
    for (const e of f.events) this.events.push(e);
    this.frame = f;
    this.frames++;
  };
}

/**
 * 'hosts': nodes in hosts of this thread, kept and reused as the conductor's worker keeps its workers;
 * `spawned` counts the hosts made.
 */
export async function startConductor(
  scenario: Scenario,
  mode: 'in-process' | 'hosts' = 'in-process',
  spawned = { count: 0 },
) {
  const ticker = new ManualTicker();
  const lua = nodeLua();
  const spawn = pooledSpawn(threadSpawn(spawned));
  const conductor = new Conductor(
    scenario,
    async (s) => (mode === 'hosts' ? createWorkerEngine(s, spawn) : createInProcessEngine(s, lua)),
    ticker,
  );
  await conductor.start();
  const page = new PageMirror();
  conductor.subscribe(page.apply);
  return { conductor, ticker, page };
}

/**
 * Hosts in this thread that answer asynchronously, as workers do: the worker engine without workers.
 * `spawned` counts the hosts made.
 */
export function threadSpawn(spawned = { count: 0 }): Spawn {
  const lua = nodeLua();
  return () => {
    spawned.count++;
    const core = new NodeHostCore(lua);
    let alive = true;
    // Calls not answered yet: a host is reusable only without any, as a worker's port is.
    let waiting = 0;
    const answer = async <T>(work: () => Promise<T>): Promise<T> => {
      waiting++;
      try {
        return await work();
      } finally {
        waiting--;
      }
    };
    const api = {
      boot: (r: BootRequest) => answer(() => core.boot(r)),
      handleAll: (inputs: Parameters<NodeHostCore['handleAll']>[0]) =>
        answer(async () => {
          if (!alive) throw new Error('terminated');
          return core.handleAll(inputs);
        }),
    };
    return {
      api,
      terminate: () => {
        alive = false;
      },
      reusable: () => alive && waiting === 0,
    };
  };
}
