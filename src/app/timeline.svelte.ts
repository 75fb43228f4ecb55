// The page's copy of a run: every trace event received so far and the latest frame. Views read
// `events` (a plain array: at 100,000 events a reactive proxy would cost more than the drawing) and
// re-read it when `version` changes.
import type { Frame, RunControl } from '../conductor/run-control.ts';
import type { TraceEvent } from '../sim/trace/event.ts';

export class Timeline {
  /** Bumped whenever `events` changes (appended to or cut by a branch). */
  version = $state(0);
  frame = $state.raw<Frame | null>(null);
  readonly events: TraceEvent[] = [];
  #unsubscribe: () => void;

  constructor(readonly control: RunControl) {
    this.#unsubscribe = control.subscribe((f) => this.apply(f));
  }

  apply(frame: Frame): void {
    if (frame.from < this.events.length || frame.events.length > 0) {
      this.events.length = Math.min(this.events.length, frame.from);
      for (const e of frame.events) this.events.push(e);
      this.version++;
    }
    this.frame = frame;
  }

  /** Events at or before the cursor. */
  get cursorIndex(): number {
    return this.frame?.cursorIndex ?? 0;
  }

  dispose(): void {
    this.#unsubscribe();
    this.control.dispose();
  }
}
