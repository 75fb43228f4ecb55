// Pure helpers of the cluster view: ring positions, message families, messages on the wire at the
// cursor (from a real run of an example), and the network's state folded from the trace.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { flightsAt, minFlightFor } from '../../src/app/views/cluster/in-flight.ts';
import { messageKind } from '../../src/app/views/cluster/message-kind.ts';
import { connected, NETWORK_KINDS, networkAt } from '../../src/app/views/cluster/network-state.ts';
import { along, ringLayout } from '../../src/app/views/cluster/ring-layout.ts';
import { EventIndex } from '../../src/app/views/event-index.ts';
import { parseScenarioJson } from '../../src/scenario/validate.ts';
import { createSimulation } from '../../src/sim/simulation.ts';
import type { TraceEvent } from '../../src/sim/trace/event.ts';

function runExample(file: string, until: number): TraceEvent[] {
  const r = parseScenarioJson(readFileSync(file, 'utf8'));
  if (!r.ok) throw new Error(`${file} is not valid`);
  return createSimulation(r.scenario).runUntil(until);
}

describe('ringLayout', () => {
  it('puts the first server at the top and spaces servers evenly, clients outside', () => {
    const l = ringLayout(600, 500, 3, 3);
    expect(l.servers[0]!.x).toBeCloseTo(300);
    expect(l.servers[0]!.y).toBeLessThan(250);
    const d = (i: number, j: number) =>
      Math.hypot(l.servers[i]!.x - l.servers[j]!.x, l.servers[i]!.y - l.servers[j]!.y);
    expect(d(0, 1)).toBeCloseTo(d(1, 2));
    expect(d(1, 2)).toBeCloseTo(d(2, 0));
    for (const c of l.clients) expect(Math.hypot(c.x - 300, c.y - 250)).toBeGreaterThan(l.radius + l.serverR);
    // everything inside the box
    for (const p of [...l.servers, ...l.clients]) {
      expect(p.x).toBeGreaterThan(0);
      expect(p.x).toBeLessThan(600);
      expect(p.y).toBeGreaterThan(0);
      expect(p.y).toBeLessThan(500);
    }
  });

  it('centres a standalone server', () => {
    const l = ringLayout(400, 400, 1, 0);
    expect(l.servers).toEqual([{ x: 200, y: 200 }]);
  });

  it('along() offsets to the right of the direction of travel', () => {
    expect(along({ x: 0, y: 0 }, { x: 10, y: 0 }, 0.5, 2)).toEqual({ x: 5, y: 2 });
  });
});

describe('messageKind', () => {
  it('knows the families', () => {
    expect(messageKind('NOTIFICATION')).toBe('election');
    expect(messageKind('FOLLOWERINFO')).toBe('sync');
    expect(messageKind('UPTODATE')).toBe('sync');
    expect(messageKind('PROPOSAL')).toBe('broadcast');
    expect(messageKind('COMMIT')).toBe('broadcast');
    expect(messageKind('PING')).toBe('ping');
    expect(messageKind('Request')).toBe('client');
    expect(messageKind('WatcherEvent')).toBe('watch');
    expect(messageKind('whatever')).toBe('other');
  });
});

describe('flightsAt (ensemble-failover example)', () => {
  const events = runExample('examples/ensemble-failover.json', 3000);
  const sends = events.map((e, i) => [e, i] as const).filter(([e]) => e.kind === 'net.send');

  it('shows a message from its send until its arrival, with progress in between', () => {
    const [send, index] = sends.find(([e]) => Number(e.at) - e.t >= 2)!;
    const mid = (send.t + Number(send.at)) / 2;
    const cursor = events.findIndex((e) => e.t > mid);
    const f = flightsAt(events, cursor, mid, { minFlight: 1 }).find((x) => x.index === index);
    expect(f).toBeDefined();
    expect(f!.from).toBe(send.from);
    expect(f!.progress).toBeCloseTo((mid - send.t) / (Number(send.at) - send.t));
    const after = events.findIndex((e) => e.t > Number(send.at));
    expect(
      flightsAt(events, after, Number(send.at) + 0.5, { minFlight: 1 }).some((x) => x.index === index),
    ).toBe(false);
  });

  it('stretches short flights to minFlight', () => {
    const [send, index] = sends[0]!;
    const t = send.t + 50;
    const cursor = events.findIndex((e) => e.t > t);
    const f = flightsAt(events, cursor, t, { minFlight: 100 }).find((x) => x.index === index);
    expect(f?.progress).toBeCloseTo(0.5);
  });

  it('minFlightFor keeps ~400 real ms visible, capped', () => {
    expect(minFlightFor(0.05)).toBeCloseTo(20);
    expect(minFlightFor(1)).toBe(250);
    expect(minFlightFor(Number.POSITIVE_INFINITY)).toBe(1);
  });
});

describe('networkAt', () => {
  // Synthetic events (shapes as docs/trace.md lists them), not a run.
  const events: TraceEvent[] = [
    { t: 1, kind: 'net.partition', groups: [['zk1'], ['zk2', 'zk3']] },
    { t: 2, kind: 'fault', action: 'delay', from: 'zk1', to: 'zk2', ms: 300 },
    { t: 3, kind: 'net.cut', from: 'zk2', to: 'zk3' },
    { t: 4, kind: 'net.heal' },
  ];
  const index = new EventIndex((e) => NETWORK_KINDS.has(e.kind)).update(events);

  it('folds partitions, cuts and link faults up to the cursor', () => {
    const s = networkAt(events, index, 2);
    expect(s.groups).toEqual([['zk1'], ['zk2', 'zk3']]);
    expect(connected(s, 'zk1', 'zk2')).toBe(false);
    expect(connected(s, 'zk2', 'zk3')).toBe(true);
    expect(s.links.get('zk1>zk2')?.delay).toBe(300);
    const cut = networkAt(events, index, 3);
    expect(connected(cut, 'zk3', 'zk2')).toBe(false);
    const healed = networkAt(events, index, 4);
    expect(healed.groups).toBeNull();
    expect(healed.cuts.size).toBe(0);
    expect(healed.links.size).toBe(1); // heal does not undo a delay
  });
});

describe('EventIndex', () => {
  it('appends incrementally and rebuilds after a branch replaced the tail', () => {
    const x = (t: number): TraceEvent => ({ t, kind: 'net.heal' });
    const y = (t: number): TraceEvent => ({ t, kind: 'node.pause', node: 'zk1' });
    const a: TraceEvent[] = [x(0), y(1)];
    const idx = new EventIndex((e) => e.kind === 'node.pause');
    expect(idx.update(a)).toEqual([1]);
    a.push(y(2));
    expect(idx.update(a)).toEqual([1, 2]);
    a.length = 1;
    a.push(x(1), x(2), y(3));
    expect(idx.update(a)).toEqual([3]);
  });
});
