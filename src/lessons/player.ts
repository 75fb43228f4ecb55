// Plays a lesson on a RunControl. Step n's state is defined as "from the scenario as loaded, do what
// steps 0..n say, in order" — so a deep link to step n, Next from step n−1 and Prev from step n+1
// all land in the same run at the same cursor. The player replays from the start whenever it cannot
// prove that a shortcut reaches that same state (docs/lessons.md, "How the player moves").

import type { FaultNow, RunControl } from '../conductor/run-control.ts';
import type { Fault } from '../sim/scenario-types.ts';
import type { Lesson, Step } from './types.ts';

/** What the player needs of a run. */
export type LessonControl = Pick<RunControl, 'pause' | 'step' | 'seek' | 'inject' | 'reset' | 'subscribe'>;

export interface GoToResult {
  /** The step the run is now at. */
  index: number;
  /** Steps whose `stepTo` moment never came (the run ended first): a broken lesson. */
  missed: number[];
  /** True when the player went back to the start and replayed every step up to `index`. */
  replayed: boolean;
}

/** A fault without its time, as a comparable key: the cursor time of an inject is not the lesson's. */
function faultKey(f: Fault | FaultNow): string {
  const { at: _at, ...rest } = f as Fault;
  return JSON.stringify(rest, Object.keys(rest).sort());
}

export class LessonPlayer {
  /** The step whose state the run was left in by the player; −1 before the first move. */
  #index = -1;
  /** The step last asked for (Next twice in a row goes two steps even while the first is running). */
  #requested = -1;
  #chain: Promise<unknown> = Promise.resolve();
  /** Fault keys of the run as loaded (first frame seen), and of the latest frame. */
  #baseline: string[] | null = null;
  #faults: string[] | null = null;
  /** The player injected something since it last reset the run (frames may lag behind). */
  #injected = false;
  readonly #unsubscribe: () => void;

  constructor(
    private readonly control: LessonControl,
    readonly lesson: Lesson,
  ) {
    this.#unsubscribe = control.subscribe((frame) => {
      const keys = frame.scenario.faults.map(faultKey);
      this.#baseline ??= keys;
      this.#faults = keys;
    });
  }

  get length(): number {
    return this.lesson.steps.length;
  }

  /** The step last asked for (the one the page should show), −1 before any. */
  get index(): number {
    return this.#requested;
  }

  clamp(n: number): number {
    return Math.max(0, Math.min(this.length - 1, Math.trunc(n)));
  }

  goTo(n: number): Promise<GoToResult> {
    const target = this.clamp(n);
    this.#requested = target;
    const result = this.#chain.then(() => this.#go(target));
    this.#chain = result.catch(() => undefined);
    return result;
  }

  next(): Promise<GoToResult> {
    return this.goTo(this.#requested + 1);
  }

  prev(): Promise<GoToResult> {
    return this.goTo(this.#requested - 1);
  }

  dispose(): void {
    this.#unsubscribe();
  }

  async #go(n: number): Promise<GoToResult> {
    this.control.pause();
    const from = this.#shortcut(n);
    this.#index = -1; // unknown until the moves are done
    const missed: number[] = [];
    if (from === null) {
      // Back to the start: a run with faults the lesson did not put there must be rebuilt; an
      // unbranched run only needs its cursor at 0 (cheaper: no new engine, no new workers).
      if (this.#injected || !sameKeys(this.#faults, this.#baseline) || this.#baseline === null) {
        await this.control.reset();
        this.#injected = false;
      } else await this.control.seek(0);
    }
    for (let i = from ?? 0; i <= n; i++) await this.#apply(i, missed);
    this.#index = n;
    return { index: n, missed, replayed: from === null };
  }

  /**
   * The first step to apply if the run is still in the state the player left it in, or null to
   * replay from the start. Forward: the next step must start with a seek (its start does not depend
   * on where the cursor is). Backward (or the same step again): the steps undone must not have
   * injected anything, and the target step must seek and not inject (re-running it is then exact).
   */
  #shortcut(n: number): number | null {
    const i = this.#index;
    const steps = this.lesson.steps;
    if (i < 0 || !this.#untouched(i)) return null;
    if (n > i) return steps[i + 1]!.at !== undefined ? i + 1 : null;
    const undone = steps.slice(n + 1, i + 1);
    const target = steps[n]!;
    if (undone.some((s) => s.inject) || target.at === undefined || target.inject) return null;
    return n;
  }

  /** The run's document is the lesson's scenario plus exactly the injects of steps 0..i. */
  #untouched(i: number): boolean {
    if (this.#baseline === null || this.#faults === null) return false;
    const expected = [
      ...this.#baseline,
      ...this.lesson.steps.slice(0, i + 1).flatMap((s) => (s.inject ? [faultKey(s.inject)] : [])),
    ];
    return sameKeys(this.#faults, expected);
  }

  async #apply(i: number, missed: number[]): Promise<void> {
    const s: Step = this.lesson.steps[i]!;
    if (s.at !== undefined) await this.control.seek(s.at);
    if (s.stepTo) {
      for (let k = 0; k < (s.times ?? 1); k++) {
        if (!(await this.control.step(s.stepTo))) {
          missed.push(i);
          break;
        }
      }
    }
    if (s.inject) {
      this.#injected = true;
      await this.control.inject(s.inject);
    }
  }
}

function sameKeys(a: string[] | null, b: string[] | null): boolean {
  return a !== null && b !== null && a.length === b.length && a.every((k, i) => k === b[i]);
}
