// Drives one simulation from the UI thread: each animation frame advances virtual time by the
// elapsed real time × speed (or as far as a frame's budget allows at "max"), and publishes the
// new trace events to the page. Keeps only the last VISIBLE_ROWS rows for the DOM.
import type { Scenario } from '../scenario/types.ts';
import type { Simulation } from '../sim/simulation.ts';
import type { TraceEvent } from '../sim/trace/event.ts';
import { summarize } from './event-summary.ts';
import { startSimulation } from './start-simulation.ts';

export type RunStatus = 'idle' | 'preparing' | 'running' | 'paused' | 'finishing' | 'done' | 'error';

export interface EventRow {
  seq: number;
  t: number;
  kind: string;
  summary: string;
}

export const VISIBLE_ROWS = 500;
/** Virtual ms per runUntil step, and the real ms a frame may spend stepping. */
const MAX_STEP_MS = 100;
const FRAME_BUDGET_MS = 12;
/** A longer gap between frames (a hidden tab) is not made up for. */
const MAX_FRAME_GAP_MS = 100;

export const SPEEDS: { label: string; value: number }[] = [
  { label: '1×', value: 1 },
  { label: '10×', value: 10 },
  { label: '100×', value: 100 },
  { label: '1000×', value: 1000 },
  { label: 'max', value: Number.POSITIVE_INFINITY },
];

export class RunController {
  status = $state<RunStatus>('idle');
  /** Virtual ms reached. */
  time = $state(0);
  eventCount = $state(0);
  rows = $state.raw<EventRow[]>([]);
  /** Events seen per kind, sorted by kind. */
  kinds = $state.raw<[string, number][]>([]);
  hash = $state<string | null>(null);
  error = $state<string | null>(null);
  speed = $state(10);

  readonly #scenario: Scenario;
  #sim: Simulation | null = null;
  /** Events recorded since the last publish. */
  #pending: TraceEvent[] = [];
  #seen = 0;
  #tally = new Map<string, number>();
  /** Virtual time the clock has reached (fractional), and the last time handed to runUntil. */
  #virtual = 0;
  #reached = -1;
  #lastFrame: number | null = null;
  #raf = 0;
  /** Bumped by reset(), so that a hash computed for an old run is dropped. */
  #generation = 0;

  constructor(scenario: Scenario) {
    this.#scenario = scenario;
  }

  get duration(): number {
    return this.#scenario.duration;
  }

  /** Starts, or resumes after a pause. */
  async run(): Promise<void> {
    if (this.status === 'idle') {
      const generation = this.#generation;
      this.status = 'preparing';
      try {
        const sim = await startSimulation(this.#scenario);
        if (generation !== this.#generation) return;
        this.#sim = sim;
      } catch (err) {
        this.#fail(err);
        return;
      }
    } else if (this.status !== 'paused') return;
    this.status = 'running';
    this.#lastFrame = null;
    this.#raf = requestAnimationFrame(this.#frame);
  }

  pause(): void {
    if (this.status !== 'running') return;
    cancelAnimationFrame(this.#raf);
    this.status = 'paused';
  }

  reset(): void {
    cancelAnimationFrame(this.#raf);
    this.#generation++;
    this.#sim = null;
    this.#pending = [];
    this.#seen = 0;
    this.#tally = new Map();
    this.#virtual = 0;
    this.#reached = -1;
    this.status = 'idle';
    this.time = 0;
    this.eventCount = 0;
    this.rows = [];
    this.kinds = [];
    this.hash = null;
    this.error = null;
  }

  #frame = (now: number): void => {
    const sim = this.#sim;
    if (this.status !== 'running' || sim === null) return;
    const gap = this.#lastFrame === null ? 0 : Math.min(now - this.#lastFrame, MAX_FRAME_GAP_MS);
    this.#lastFrame = now;
    const goal = Number.isFinite(this.speed) ? this.#virtual + gap * this.speed : Number.POSITIVE_INFINITY;
    const deadline = performance.now() + FRAME_BUDGET_MS;
    let fresh = 0;
    try {
      while (!sim.done()) {
        const next = Math.min(Math.floor(goal), this.#reached + MAX_STEP_MS);
        if (next <= this.#reached) break;
        fresh += this.#advance(sim, next);
        this.#reached = next;
        if (performance.now() >= deadline) break;
      }
    } catch (err) {
      this.#fail(err);
      return;
    }
    // When the simulator can't keep up, drop the backlog rather than race to catch up later.
    this.#virtual = Math.min(goal, this.#reached + 1);
    this.time = Math.max(0, Math.min(this.#reached, this.duration));
    if (fresh > 0) this.#publish();
    if (sim.done()) void this.#finish(sim);
    else this.#raf = requestAnimationFrame(this.#frame);
  };

  #advance(sim: Simulation, t: number): number {
    const events: TraceEvent[] = sim.runUntil(t);
    for (const e of events) {
      this.#tally.set(e.kind, (this.#tally.get(e.kind) ?? 0) + 1);
      this.#pending.push(e);
    }
    this.#seen += events.length;
    // Only the newest rows are ever shown: don't hold on to more of a long frame's burst.
    if (this.#pending.length > 2 * VISIBLE_ROWS) this.#pending.splice(0, this.#pending.length - VISIBLE_ROWS);
    return events.length;
  }

  #publish(): void {
    const fresh = this.#pending.slice(-VISIBLE_ROWS);
    const first = this.#seen - fresh.length;
    const rows = fresh.map((e, i) => ({ seq: first + i, t: e.t, kind: e.kind, summary: summarize(e) }));
    this.rows = this.rows.concat(rows).slice(-VISIBLE_ROWS);
    this.#pending = [];
    this.eventCount = this.#seen;
    this.kinds = [...this.#tally].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }

  async #finish(sim: Simulation): Promise<void> {
    const generation = this.#generation;
    this.status = 'finishing';
    this.time = this.duration;
    try {
      const hash = await sim.traceHash();
      if (generation !== this.#generation) return;
      this.hash = hash;
      this.status = 'done';
    } catch (err) {
      if (generation === this.#generation) this.#fail(err);
    }
  }

  #fail(err: unknown): void {
    cancelAnimationFrame(this.#raf);
    console.error(err);
    this.error = err instanceof Error ? err.message : String(err);
    this.status = 'error';
  }
}
