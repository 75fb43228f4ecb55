// The messages on the wire at the cursor, from the trace's net.send events (sent at `t`, arriving
// at `at`). Real flights last a few virtual ms — a blink even at 0.05× — so a flight is drawn over
// at least `minFlight` virtual ms: the dot leaves at the true send time and keeps the true order,
// only its arrival is drawn later than it happened (docs/ui.md says so).
import type { EventOf, TraceEvent } from '../../../sim/trace/event.ts';
import type { MessageKind } from '../../theme/palette.ts';
import { messageKind } from './message-kind.ts';

export interface Flight {
  /** Index of the net.send (or net.drop) event in the trace: a stable key and a link to the log. */
  index: number;
  conn: number;
  from: string;
  to: string;
  type: string;
  kind: MessageKind;
  sent: number;
  at: number;
  /** 0 at the sender, 1 at the receiver (stretched, see above). */
  progress: number;
  /** Lost: dropped by a lossy link (drawn as a cross halfway), or its connection broke. */
  lost: boolean;
}

/** Messages of a type, optionally on one link: what a lesson step can point at on the ring. */
export interface FlightPattern {
  type: string;
  from?: string;
  to?: string;
}

export function flightMatches(f: Flight, p: FlightPattern): boolean {
  return !f.lost && f.type === p.type && (!p.from || f.from === p.from) && (!p.to || f.to === p.to);
}

export interface FlightOptions {
  /** Draw a flight over at least this many virtual ms. */
  minFlight: number;
  /** Look back at most this far (virtual ms) for flights still on the wire (a delayed link). */
  lookback?: number;
  /** and at most this many events. */
  maxScan?: number;
}

/** Virtual ms that stay visible for about `realMs` of wall time at this speed, within [1, cap]. */
export function minFlightFor(speed: number, realMs = 400, cap = 250): number {
  if (!Number.isFinite(speed) || speed <= 0) return 1;
  return Math.max(1, Math.min(cap, speed * realMs));
}

export function flightsAt(
  events: readonly TraceEvent[],
  cursorIndex: number,
  t: number,
  opts: FlightOptions,
): Flight[] {
  return sendsOnWire(events, cursorIndex, t, opts).flatMap((s) => flightOf(s, t, opts.minFlight) ?? []);
}

/** A send that may still be drawn: its event, its index, and when its connection was cut after it. */
interface Sent {
  e: EventOf<'net.send' | 'net.drop'>;
  index: number;
  /** The first break of its connection or crash of its receiver after it (Infinity: none yet). */
  cut: number;
}

const limits = (opts: FlightOptions) => ({
  lookback: Math.max(opts.lookback ?? 10_000, opts.minFlight),
  maxScan: opts.maxScan ?? 20_000,
});

/** The sends in the window before the cursor (lookback, maxScan), oldest first, with their cuts. */
function sendsOnWire(
  events: readonly TraceEvent[],
  cursorIndex: number,
  t: number,
  opts: FlightOptions,
): Sent[] {
  const { lookback, maxScan } = limits(opts);
  const out: Sent[] = [];
  /** Connections that broke (or whose receiver crashed) at or before the cursor, and when. */
  const broken = new Map<number, number>();
  const crashed = new Map<string, number>();
  const stop = Math.max(0, cursorIndex - maxScan);
  for (let i = Math.min(cursorIndex, events.length) - 1; i >= stop; i--) {
    const e = events[i]!;
    if (e.t < t - lookback) break;
    if (e.kind === 'net.break') broken.set(e.conn, e.t);
    else if (e.kind === 'node.crash') crashed.set(e.node, e.t);
    else if (e.kind === 'net.send' || e.kind === 'net.drop') {
      const cut = Math.min(broken.get(e.conn) ?? Infinity, crashed.get(e.to) ?? Infinity);
      out.push({ e, index: i, cut });
    }
  }
  return out.reverse();
}

/** The flight of a send at time t, or null when it is not drawn (arrived, or lost a while ago). */
function flightOf({ e, index, cut }: Sent, t: number, minFlight: number): Flight | null {
  const { conn, from, to, type } = e;
  const sent = e.t;
  const dropped = e.kind === 'net.drop';
  const at = e.kind === 'net.drop' ? sent : e.at;
  const span = Math.max(at - sent, minFlight);
  if (t >= sent + span) return null;
  // A break on the connection, or the receiver's crash, after the send loses what is on the wire.
  const lostOnWire = cut >= sent && cut < at && t >= cut;
  if (lostOnWire && t >= cut + minFlight) return null;
  const progress = dropped ? 0.5 : Math.min(1, Math.max(0, (t - sent) / span));
  return {
    index,
    conn,
    from,
    to,
    type,
    kind: messageKind(type),
    sent,
    at,
    progress,
    lost: dropped || lostOnWire,
  };
}

/**
 * flightsAt for a cursor that mostly moves forward a little (playing): the sends still on the wire
 * are kept from one call to the next and only the events the cursor passed are read, instead of
 * scanning back up to 20,000 events every frame. A flight, once gone (arrived, lost, out of the
 * window), never comes back while time moves forward, so dropping it is exact. Anything else — the
 * cursor or the time going back, other options, a long jump, a branch that replaced the events
 * before the cursor — starts again from flightsAt's scan. Same result as flightsAt, always.
 */
export class FlightTracker {
  #sends: Sent[] = [];
  #cursor = 0;
  #t = Number.NEGATIVE_INFINITY;
  #last: TraceEvent | undefined;
  #opts: FlightOptions | null = null;

  at(events: readonly TraceEvent[], cursorIndex: number, t: number, opts: FlightOptions): Flight[] {
    const { lookback, maxScan } = limits(opts);
    const cursor = Math.min(cursorIndex, events.length);
    const forward =
      this.#opts !== null &&
      this.#opts.minFlight === opts.minFlight &&
      this.#opts.lookback === opts.lookback &&
      this.#opts.maxScan === opts.maxScan &&
      cursor >= this.#cursor &&
      cursor - this.#cursor <= maxScan &&
      t >= this.#t &&
      (this.#cursor === 0 || events[this.#cursor - 1] === this.#last);
    if (forward) this.#advance(events, cursor);
    else this.#sends = sendsOnWire(events, cursor, t, opts);
    this.#cursor = cursor;
    this.#t = t;
    this.#last = events[cursor - 1];
    this.#opts = opts;
    const out: Flight[] = [];
    const stop = cursor - maxScan;
    this.#sends = this.#sends.filter((s) => {
      if (s.index < stop || s.e.t < t - lookback) return false;
      const f = flightOf(s, t, opts.minFlight);
      if (f) out.push(f);
      return f !== null;
    });
    return out;
  }

  #advance(events: readonly TraceEvent[], cursor: number): void {
    for (let i = this.#cursor; i < cursor; i++) {
      const e = events[i]!;
      if (e.kind === 'net.send' || e.kind === 'net.drop') this.#sends.push({ e, index: i, cut: Infinity });
      else if (e.kind === 'net.break') {
        for (const s of this.#sends) if (s.e.conn === e.conn) s.cut = Math.min(s.cut, e.t);
      } else if (e.kind === 'node.crash')
        for (const s of this.#sends) if (s.e.to === e.node) s.cut = Math.min(s.cut, e.t);
    }
  }
}
