// The one API that drives a run, used by the page and by tests alike (docs/conductor.md).
// A run is a timeline: every event computed so far (append-only) and a cursor. Playing moves the
// cursor forward, computing more at the frontier when it gets there; seeking moves the cursor
// anywhere between 0 and the frontier; a change at the cursor (a fault, a script edit) cuts the
// timeline there and continues from that moment, recorded in the scenario as a timed input.
import type { Fault, Scenario } from '../scenario/types.ts';
import type { TraceEvent } from '../sim/trace/event.ts';
import type { WorldView } from '../sim/view/types.ts';

/** A fault without its time: applied at the cursor. */
export type FaultNow = Fault extends infer F ? (F extends Fault ? Omit<F, 'at'> : never) : never;

/** Where "step to the next ..." stops. */
export type StepTarget = 'event' | 'election' | 'commit' | 'watch' | 'handover' | 'violation';

export type RunStatus = 'preparing' | 'paused' | 'playing' | 'done' | 'error';

/** A checker violation (docs/checker.md), found online as the run is computed. */
export interface ViolationMark {
  /** The index of the event that revealed it. */
  index: number;
  t: number;
  invariant: string;
  message: string;
}

/** What the page gets, at most once per animation frame. */
export interface Frame {
  status: RunStatus;
  /** The cursor (virtual ms) and how far the run has been computed. */
  t: number;
  frontier: number;
  duration: number;
  /** Speed factor (virtual ms per real ms); Infinity is "as fast as possible". */
  speed: number;
  /**
   * Trace events the page does not have yet: those recorded at indexes from..from+events.length.
   * When `from` is smaller than what the page holds, the timeline was cut (a branch) and the page
   * drops its events from `from` on first.
   */
  from: number;
  events: TraceEvent[];
  /** Number of events at or before the cursor. */
  cursorIndex: number;
  /** Every node's picture at the cursor. */
  view: WorldView;
  /**
   * Violations found so far (up to the frontier). They are not trace events: the trace, and its
   * hash, are the same whether or not anybody checks the run.
   */
  violations: ViolationMark[];
  /** The scenario document, branch inputs included, that reproduces this run. */
  scenario: Scenario;
  /** SHA-256 of the canonical trace up to the frontier, once the run is done. */
  hash: string | null;
  error: string | null;
}

export interface RunControl {
  play(speed: number): void;
  pause(): void;
  /** Move the cursor to the next event (or the next of a kind); false when the run has ended first. */
  step(target?: StepTarget): Promise<boolean>;
  /** Move the cursor to virtual time t (backwards or forwards). */
  seek(t: number): Promise<void>;
  /** Apply a fault at the cursor: cuts the timeline there and records the fault in the scenario. */
  inject(fault: FaultNow): Promise<void>;
  /** Replace a client's script at the cursor: that client restarts with it. */
  editScript(client: string, script: string): Promise<void>;
  /** Start over from time 0 with the scenario as loaded. */
  reset(): Promise<void>;
  subscribe(listener: (frame: Frame) => void): () => void;
  dispose(): void;
}
