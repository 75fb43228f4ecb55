// An engine is the live end of a run: the simulation at its frontier. The conductor drives it and
// never looks inside; the same conductor drives an engine whose nodes live in this thread
// (in-process) or each in its own Web Worker. Every call may be asynchronous for that reason.
import type { TraceEvent } from '../sim/trace/event.ts';
import type { PictureEntry } from './view-log.ts';

export interface Engine {
  /** Every trace event recorded so far, in order (the engine only ever appends). */
  readonly events: readonly TraceEvent[];
  /** Virtual time the run has reached. */
  readonly now: number;
  /** The clock reached the scenario's duration, or nothing is left to happen. */
  done(): boolean;
  /**
   * Process everything scheduled at or before t (capped at the duration), stopping early once
   * `maxEvents` new trace events have been recorded; the clock is left at t only when it got there.
   * Resolves true when everything due by t has been processed.
   */
  advance(t: number, maxEvents: number): Promise<boolean>;
  /** Process scheduled items until at least one trace event is recorded; false if none is left. */
  stepEvent(): Promise<boolean>;
  /**
   * The pictures nodes took since the last call, one per node move, keyed by the cursor index they
   * show from: folded by a ViewLog, they give the world after any event.
   */
  takePictures(): PictureEntry[];
  /** SHA-256 of the canonical trace so far. */
  hash(): string;
  dispose(): void;
}
