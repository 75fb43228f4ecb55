// The conductor in its own Web Worker, so the page's thread only draws. It owns the clock, the
// network, the disks and the faults, and spawns a worker per node (src/conductor/spawn-browser.ts).
import { expose } from 'comlink';
import { Conductor } from '../src/conductor/conductor.ts';
import { frameTicker } from '../src/conductor/frame-ticker.ts';
import { FrameSender, type WireFrame } from '../src/conductor/frame-wire.ts';
import { pooledSpawn } from '../src/conductor/host-pool.ts';
import type { FaultNow, StepTarget } from '../src/conductor/run-control.ts';
import { spawnNodeWorker } from '../src/conductor/spawn-browser.ts';
import { createWorkerEngine } from '../src/conductor/worker-engine.ts';
import type { Scenario } from '../src/sim/scenario-types.ts';

let conductor: Conductor | null = null;

/** Node workers outlive an engine: the next one (after a fault, an edit, a reset) reuses them. */
const spawn = pooledSpawn(spawnNodeWorker);

function current(): Conductor {
  if (!conductor) throw new Error('the conductor has not started');
  return conductor;
}

const api = {
  /**
   * Start a run of `scenario`; every frame goes to `frames` as what changed (a port of its own, one
   * way: a comlink callback would post a reply to every frame).
   */
  async start(scenario: Scenario, frames: MessagePort): Promise<void> {
    conductor?.dispose();
    conductor = new Conductor(scenario, async (s) => createWorkerEngine(s, spawn), frameTicker);
    const sender = new FrameSender();
    conductor.subscribe((frame) => frames.postMessage(sender.wire(frame) satisfies WireFrame), {
      treeChanges: true,
    });
    await conductor.start();
  },
  play: (speed: number) => current().play(speed),
  pause: () => current().pause(),
  step: (target?: StepTarget) => current().step(target),
  cancelSearch: () => current().cancelSearch(),
  seek: (t: number) => current().seek(t),
  inject: (fault: FaultNow) => current().inject(fault),
  editScript: (client: string, script: string) => current().editScript(client, script),
  reset: () => current().reset(),
  idle: () => current().idle(),
  dispose: () => {
    conductor?.dispose();
    conductor = null;
  },
};

export type ConductorWorkerApi = typeof api;
expose(api);
