// The one API that drives a run, used by the page and by tests alike (docs/conductor.md).
// A run is a timeline: every event computed so far (append-only) and a cursor. Playing moves the
// cursor forward, computing more at the frontier when it gets there; seeking moves the cursor
// anywhere between 0 and the frontier; a change at the cursor (a fault, a script edit) cuts the
// timeline there and continues from that moment, recorded in the scenario as a timed input.
import type { Fault, Scenario } from '../sim/scenario-types.ts';
import type { TraceEvent } from '../sim/trace/event.ts';
import type { WorldView } from '../sim/view/types.ts';
import type { TreeUpdate } from './view-log.ts';

/** A fault without its time: applied at the cursor. */
export type FaultNow = Fault extends infer F ? (F extends Fault ? Omit<F, 'at'> : never) : never;

/** Where "step to the next ..." stops. */
export type StepTarget = 'event' | 'election' | 'commit' | 'watch' | 'handover' | 'violation';

/** A step computing further to find its target (docs/conductor.md, "Run control"). */
export interface StepSearch {
  target: StepTarget;
  /** The cursor's time: it stays there while the search runs ahead of it. */
  from: number;
  /** Virtual time searched up to so far (the frontier). */
  searchedTo: number;
}

/** Why the last step left the cursor where it was; cleared by the next action. */
export interface StepNotice {
  kind: 'not-found';
  target: StepTarget;
  /** The cursor's time, where the search started. */
  from: number;
  /** Searched up to this virtual time: the duration when `complete`. */
  until: number;
  /** The whole rest of the run was searched (else the real-time bound ran out first). */
  complete: boolean;
}

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
   * Only for a listener subscribed with `treeChanges`: servers' trees as changes to what it was
   * sent before (the view's trees are then empty). src/conductor/tree-updates.ts folds them back.
   */
  trees?: TreeUpdate[];
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
  /** A step searching beyond what was computed, or null. */
  search: StepSearch | null;
  /** Why the last step did not move the cursor, until the next action; or null. */
  notice: StepNotice | null;
  /**
   * The cursor got here by a seek (a jump to a time: the seek bar, a log row, a link) rather than
   * by playing or stepping. Views show the new state at once instead of animating the change: a
   * jump has no "before" worth sliding from, and an animation would keep rows that are gone on
   * screen after the cursor left them.
   */
  jumped: boolean;
}

export interface RunControl {
  play(speed: number): void;
  pause(): void;
  /**
   * Move the cursor to the next event (or the next of a kind); false when the run has ended first.
   * When none is computed yet, computes further for a bounded real time (Frame.search meanwhile);
   * false, with the cursor unmoved and Frame.notice saying how far it looked, when none was found.
   */
  step(target?: StepTarget): Promise<boolean>;
  /** Stop a step's search now (without waiting for queued operations): the cursor stays put. */
  cancelSearch(): void;
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
