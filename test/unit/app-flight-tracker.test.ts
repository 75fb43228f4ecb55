// The ring's messages on the wire followed frame by frame (FlightTracker, issue #10 item 4) are
// exactly what flightsAt's scan back from the cursor finds, whatever the cursor does: plays forward
// in small steps, jumps, goes back, changes speed (minFlight), or the trace is cut by a branch.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FlightTracker, flightsAt } from '../../src/app/views/cluster/in-flight.ts';
import { parseScenarioJson } from '../../src/scenario/validate.ts';
import { createSimulation } from '../../src/sim/simulation.ts';
import type { TraceEvent } from '../../src/sim/trace/event.ts';

function runExample(file: string, until: number): TraceEvent[] {
  const r = parseScenarioJson(readFileSync(file, 'utf8'));
  if (!r.ok) throw new Error(`${file} is not valid`);
  return createSimulation(r.scenario).runUntil(until);
}

/** The cursor at time t: every event at or before t. */
function cursorAt(events: readonly TraceEvent[], t: number): number {
  let i = 0;
  while (i < events.length && events[i]!.t <= t) i++;
  return i;
}

// A crash of the leader with messages on the wire (lost ones too), then a new election.
const events = runExample('examples/ensemble-failover.json', 4000);
const end = events.at(-1)!.t;

type Move =
  | { kind: 'play'; ms: number }
  | { kind: 'seek' /** a share of the run */; to: number }
  | { kind: 'speed'; minFlight: number };
const move: fc.Arbitrary<Move> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({ kind: fc.constant('play' as const), ms: fc.integer({ min: 0, max: 40 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('seek' as const), to: fc.integer({ min: 0, max: end }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('speed' as const), minFlight: fc.constantFrom(1, 20, 250) }),
  },
);

/** A made-up trace with everything flightsAt reads: sends, drops, broken connections, crashes. */
const NODES = ['zk1', 'zk2', 'c1'];
const synthetic = fc
  .array(
    fc.record({
      dt: fc.integer({ min: 0, max: 6 }),
      what: fc.constantFrom('send', 'send', 'send', 'drop', 'break', 'crash', 'other'),
      conn: fc.integer({ min: 1, max: 3 }),
      to: fc.constantFrom(...NODES),
      latency: fc.integer({ min: 0, max: 30 }),
    }),
    { minLength: 1, maxLength: 120 },
  )
  .map((items) => {
    let t = 0;
    return items.map(({ dt, what, conn, to, latency }): TraceEvent => {
      t += dt;
      const msg = { conn, from: 'zk3', to, type: 'PING' };
      if (what === 'send') return { t, kind: 'net.send', ...msg, at: t + latency } as TraceEvent;
      if (what === 'drop') return { t, kind: 'net.drop', ...msg } as TraceEvent;
      if (what === 'break') return { t, kind: 'net.break', conn, a: 'zk3', b: to } as TraceEvent;
      if (what === 'crash') return { t, kind: 'node.crash', node: to, lostRecords: 0 } as TraceEvent;
      return { t, kind: 'node.start', node: to } as TraceEvent;
    });
  });

/** Plays `moves` over `events` with a tracker, checking it against flightsAt at each cursor. */
function follow(
  events: readonly TraceEvent[],
  start: number,
  moves: readonly Move[],
  limits: { lookback?: number; maxScan?: number } = {},
  firstMinFlight = 20,
): void {
  const end = events.at(-1)!.t;
  const tracker = new FlightTracker();
  let t = start;
  let minFlight = firstMinFlight;
  for (const m of moves) {
    if (m.kind === 'play') t = Math.min(end + 40, t + m.ms);
    else if (m.kind === 'seek') t = Math.round(m.to * (end + 40));
    else minFlight = m.minFlight;
    const cursor = cursorAt(events, t);
    const opts = { minFlight, ...limits };
    expect(tracker.at(events, cursor, t, opts)).toEqual(flightsAt(events, cursor, t, opts));
  }
}

describe('FlightTracker', () => {
  it('equals flightsAt on made-up traces with losses, at every cursor', () => {
    fc.assert(
      // Windows smaller than some flights, so that sends leave them while still on the wire.
      fc.property(synthetic, fc.array(move, { minLength: 1, maxLength: 60 }), (events, moves) => {
        follow(events, 0, moves);
        follow(events, 0, moves, { lookback: 25, maxScan: 12 }, 250);
      }),
      { numRuns: 300 },
    );
  });

  it('equals flightsAt at every cursor of a real run (a leader crash and an election)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: end }),
        fc.array(move, { minLength: 1, maxLength: 60 }),
        (start, moves) => follow(events, start, moves),
      ),
      { numRuns: 60 },
    );
  });

  it('lets a send still on the wire go once it is maxScan events behind the cursor', () => {
    const sends = Array.from(
      { length: 40 },
      (_, i) =>
        ({ t: i, kind: 'net.send', conn: 1, from: 'zk1', to: 'zk2', type: 'PING', at: i + 1 }) as TraceEvent,
    );
    const tracker = new FlightTracker();
    const opts = { minFlight: 250, maxScan: 12 };
    for (let cursor = 1; cursor <= sends.length; cursor++)
      expect(tracker.at(sends, cursor, cursor - 1, opts)).toEqual(flightsAt(sends, cursor, cursor - 1, opts));
  });

  it('starts again when a branch replaced the events before where it was', () => {
    // A cursor with a message just sent on the wire.
    const cursor = events.findIndex((e, i) => i > 20 && e.kind === 'net.send') + 1;
    const t = events[cursor - 1]!.t;
    const tracker = new FlightTracker();
    expect(tracker.at(events, cursor, t, { minFlight: 20 }).some((f) => f.index === cursor - 1)).toBe(true);
    // A branch cuts the trace before that send: from there on the events are others (here:
    // copies with other message types), so a tracker that kept its sends would still draw that one.
    const cut = cursor - 1;
    const branched = [
      ...events.slice(0, cut),
      ...events.slice(cut).map((e) => (e.kind === 'net.send' ? { ...e, type: 'OTHER' } : { ...e })),
    ];
    const later = cursorAt(branched, t + 1);
    expect(tracker.at(branched, later, t + 1, { minFlight: 20 })).toEqual(
      flightsAt(branched, later, t + 1, { minFlight: 20 }),
    );
  });
});
