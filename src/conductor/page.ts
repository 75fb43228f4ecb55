// The page's way in: a RunControl for a scenario. By default the conductor runs in its own Web
// Worker with a worker per node; `mode: 'in-process'` runs everything on the page's thread.
// Browser only (Vite).
import { type Remote, releaseProxy, transfer, wrap } from 'comlink';
import type { ConductorWorkerApi } from '../../workers/conductor.worker.ts';
import type { Scenario } from '../sim/scenario-types.ts';
import { FrameReceiver, type WireFrame } from './frame-wire.ts';
import type { FaultNow, Frame, RunControl, StepTarget } from './run-control.ts';

export type RunMode = 'workers' | 'in-process';

/**
 * A run of `scenario`, ready at time 0 and paused. `mode` is the page route's `mode=` (in-process
 * runs everything on the page's thread, to compare, to bench); null is the default, workers.
 */
export async function createRunControl(scenario: Scenario, mode: RunMode | null = null): Promise<RunControl> {
  // The single-file build (vite.singlefile.config.ts) opens from file://, where workers cannot start.
  const where = import.meta.env['VITE_SINGLE_FILE'] === '1' ? 'in-process' : (mode ?? 'workers');
  return where === 'workers' ? await workerRun(scenario) : await inProcessRun(scenario);
}

/**
 * The run the page shows, for browser tests to drive through the same API the page uses. Set when
 * the page adopts a run, not when one is created: a run superseded while it started (and disposed
 * at once) must not replace the one on screen.
 */
export function exposeRun(control: RunControl): void {
  (globalThis as { __zkRun?: RunControl }).__zkRun = control;
}

async function inProcessRun(scenario: Scenario): Promise<RunControl> {
  // Loaded only for this mode: the page's default runs the simulator in workers, so the entry
  // does not carry the conductor and the whole simulator for it.
  const { startInProcess } = await import('./in-process-run.ts');
  return startInProcess(scenario);
}

async function workerRun(scenario: Scenario): Promise<RunControl> {
  const worker = new Worker(new URL('../../workers/conductor.worker.ts', import.meta.url), {
    type: 'module',
    name: 'conductor',
  });
  const remote = wrap<ConductorWorkerApi>(worker);
  const frames = new MessageChannel();
  const control = new RemoteRunControl(remote, worker, frames.port1);
  frames.port1.onmessage = (e: MessageEvent<WireFrame>) => control.receive(e.data);
  await remote.start(scenario, transfer(frames.port2, [frames.port2]));
  return control;
}

/** RunControl over the conductor worker: calls forwarded, frames fanned out to the page's listeners. */
class RemoteRunControl implements RunControl {
  private listeners = new Set<(frame: Frame) => void>();
  /** Frames that arrived before anybody listened, for the first listener. */
  private early: Frame[] = [];
  private latest: Frame | null = null;

  constructor(
    private readonly remote: Remote<ConductorWorkerApi>,
    private readonly worker: Worker,
    private readonly frames: MessagePort,
  ) {}

  /** The worker sends what changed (frame-wire.ts); listeners get whole frames. */
  private readonly wire = new FrameReceiver();

  receive = (sent: WireFrame): void => {
    const frame = this.wire.receive(sent);
    this.latest = frame;
    if (this.listeners.size === 0) this.early.push(frame);
    for (const l of this.listeners) l(frame);
  };

  play(speed: number): void {
    void this.remote.play(speed);
  }
  pause(): void {
    void this.remote.pause();
  }
  step(target?: StepTarget): Promise<boolean> {
    return this.remote.step(target);
  }
  cancelSearch(): void {
    // Comlink delivers this at once: the worker answers messages between the search's slices.
    void this.remote.cancelSearch();
  }
  seek(t: number): Promise<void> {
    return this.remote.seek(t);
  }
  inject(fault: FaultNow): Promise<void> {
    return this.remote.inject(fault);
  }
  editScript(client: string, script: string): Promise<void> {
    return this.remote.editScript(client, script);
  }
  reset(): Promise<void> {
    return this.remote.reset();
  }
  /** Resolves when the conductor has nothing left to do for what was asked so far. */
  idle(): Promise<void> {
    return this.remote.idle();
  }

  /**
   * The first listener gets every frame so far (they carry the run from event 0 on); the page
   * keeps one timeline, so a later listener gets the current state without past events, then
   * frames from now on.
   */
  subscribe(listener: (frame: Frame) => void): () => void {
    const first = this.listeners.size === 0 && this.early.length > 0;
    this.listeners.add(listener);
    if (first) for (const f of this.early) listener(f);
    else if (this.latest)
      listener({ ...this.latest, from: this.latest.from + this.latest.events.length, events: [] });
    this.early = [];
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    this.listeners.clear();
    this.frames.close();
    void this.remote.dispose().finally(() => {
      this.remote[releaseProxy]();
      this.worker.terminate();
    });
  }
}
