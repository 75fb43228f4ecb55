// How many clients one release woke, as the lock panel shows it. The counting itself is the
// checker's (src/sim/check/wake-rounds.ts): the panel, the lock-herd banner and the lessons must
// say the same number. Here: the rounds of one lock up to the cursor, in the panel's shape.
import { isHerd, isRoundEvent, wakeRounds } from '../../../sim/check/wake-rounds.ts';
import type { TraceEvent } from '../../../sim/trace/event.ts';

export interface WakeUp {
  t: number;
  /** Distinct clients woken. */
  clients: string[];
  /** The trace index of the first wake-up: where "go there" seeks. */
  index: number;
  /** More than one exclusive waiter: the herd effect. */
  herd: boolean;
}

/** The events the panel indexes (an EventIndex over them feeds `wakeUps`). */
export const isWakeUpEvent = isRoundEvent;
/** The former name, kept for callers that index with it; the events are wake-up and release marks now. */
export const isWatchNotification = isRoundEvent;

export function wakeUps(
  events: readonly TraceEvent[],
  wakeUpIndexes: readonly number[],
  lockPath: string,
  cursorIndex: number,
): WakeUp[] {
  return wakeRounds(events, lockPath, cursorIndex, wakeUpIndexes).map((r) => ({
    t: r.t,
    clients: [...r.clients],
    index: r.index,
    herd: isHerd(r),
  }));
}
