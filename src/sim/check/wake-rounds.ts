// The one definition of "how many waiters one change of a lock woke", read by the lock-herd
// invariant (the checker's banner), the lock panel and the lessons' lock claims, so that they
// cannot disagree. A waiter woken by a watch says so with a `<recipe>.wakeup {lock, cause}` mark
// (docs/recipes.md): `cause` is the path it watched — its predecessor in the lock recipe, the
// lock's parent in lock_herd. Watch notifications themselves are not counted: a holder that lists
// the lock's children keeps a stale watch, and its own release notifies it, but it is no waiter.
//
// A round gathers the wake-ups for one cause; it ends when a client already woken in it wakes
// again (the next change of the same path), or when a holder of the lock releases it or loses it
// (`*.released` / `*.lost`, marked before the delete): that delete is a change of its own, and the
// waiters it wakes form a new round even if one of them woke earlier for a contender's create. Readers of a read/write lock (`mode: "read"`) are kept
// in rounds of their own: readers behind a writer all go when it does — they share the lock.
import type { TraceEvent } from '../trace/event.ts';
import { markOf, str } from './invariants/recipe-marks.ts';

export interface WakeRound {
  lock: string;
  cause: string;
  /** Woken in read mode: sharing the lock, never a herd. */
  readers: boolean;
  /** Distinct clients woken, in the order they woke. */
  clients: string[];
  /** Virtual time and trace index of the first wake-up. */
  t: number;
  index: number;
}

export interface WakeUp {
  lock: string;
  cause: string;
  client: string;
  readers: boolean;
}

/** The wake-up a trace event reports, or null. */
export function wakeUpOf(e: TraceEvent): WakeUp | null {
  const m = markOf(e);
  if (!m?.name.endsWith('.wakeup')) return null;
  const lock = str(m.fields.lock);
  const cause = str(m.fields.cause);
  if (lock === undefined || cause === undefined) return null;
  return { lock, cause, client: m.client, readers: m.fields.mode === 'read' };
}

export function isWakeUp(e: TraceEvent): boolean {
  return wakeUpOf(e) !== null;
}

/** The lock a `*.released` / `*.lost` mark gives up (a change that starts new rounds), or null. */
export function releaseOf(e: TraceEvent): string | null {
  const m = markOf(e);
  if (!m || !(m.name.endsWith('.released') || m.name.endsWith('.lost'))) return null;
  return str(m.fields.lock) ?? null;
}

/** The events the rounds read: wake-ups and releases (an EventIndex over these feeds wakeRounds). */
export function isRoundEvent(e: TraceEvent): boolean {
  return wakeUpOf(e) !== null || releaseOf(e) !== null;
}

/** More than one exclusive waiter woken by one change: the herd effect. */
export function isHerd(r: WakeRound): boolean {
  return !r.readers && r.clients.length > 1;
}

/** Rounds built event by event (online, as the checker runs, or over a prefix, as the views do). */
export class WakeRounds {
  /** Every round so far, in the order they began. */
  readonly rounds: WakeRound[] = [];
  private readonly open = new Map<string, WakeRound>();

  /** Feeds one event; returns the round a wake-up joined (null for any other event). */
  observe(e: TraceEvent, index: number): WakeRound | null {
    const released = releaseOf(e);
    if (released !== null) {
      for (const [key, r] of this.open) if (r.lock === released) this.open.delete(key);
      return null;
    }
    const w = wakeUpOf(e);
    if (w === null) return null;
    const key = `${w.lock}\u0000${w.cause}\u0000${w.readers}`;
    let r = this.open.get(key);
    if (!r || r.clients.includes(w.client)) {
      r = { lock: w.lock, cause: w.cause, readers: w.readers, clients: [], t: e.t, index };
      this.open.set(key, r);
      this.rounds.push(r);
    }
    r.clients.push(w.client);
    return r;
  }
}

/**
 * The rounds of `lock` among the events before `upTo`. `indexes` (ascending) may list only the
 * events the rounds read (an EventIndex over isRoundEvent) so that a long trace is not scanned again.
 */
export function wakeRounds(
  events: readonly TraceEvent[],
  lock: string,
  upTo: number,
  indexes?: readonly number[],
): WakeRound[] {
  const rounds = new WakeRounds();
  if (indexes) {
    for (const i of indexes) {
      if (i >= upTo) break;
      rounds.observe(events[i]!, i);
    }
  } else for (let i = 0; i < Math.min(upTo, events.length); i++) rounds.observe(events[i]!, i);
  return rounds.rounds.filter((r) => r.lock === lock);
}
