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
  const lookback = Math.max(opts.lookback ?? 10_000, opts.minFlight);
  const maxScan = opts.maxScan ?? 20_000;
  const out: Flight[] = [];
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
      const flight = toFlight(e, i, t, opts.minFlight, broken, crashed);
      if (flight) out.push(flight);
    }
  }
  return out.reverse();
}

function toFlight(
  e: EventOf<'net.send' | 'net.drop'>,
  index: number,
  t: number,
  minFlight: number,
  broken: Map<number, number>,
  crashed: Map<string, number>,
): Flight | null {
  const { conn, from, to, type } = e;
  const sent = e.t;
  const dropped = e.kind === 'net.drop';
  const at = e.kind === 'net.drop' ? sent : e.at;
  const span = Math.max(at - sent, minFlight);
  if (t >= sent + span) return null;
  // A break on the connection, or the receiver's crash, after the send loses what is on the wire.
  const cut = Math.min(broken.get(conn) ?? Infinity, crashed.get(to) ?? Infinity);
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
