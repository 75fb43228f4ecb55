// The space-time diagram's data structures over real simulator traces: the send index (append,
// window queries, a branch that cuts the trace), lane marks, lanes and the trace feed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TraceFeed } from '../../src/app/views/log/trace-feed.ts';
import { LaneMarks } from '../../src/app/views/spacetime/lane-marks.ts';
import { lanesFor } from '../../src/app/views/spacetime/lanes.ts';
import { SendIndex } from '../../src/app/views/spacetime/send-index.ts';
import { forEachVisibleSend, type SendFilter } from '../../src/app/views/spacetime/visible-sends.ts';
import type { FaultNow } from '../../src/conductor/run-control.ts';
import { parseScenarioJson } from '../../src/scenario/validate.ts';
import type { Fault, Scenario } from '../../src/sim/scenario-types.ts';
import { createSimulation } from '../../src/sim/simulation.ts';
import type { TraceEvent } from '../../src/sim/trace/event.ts';

function example(name: string): Scenario {
  const v = parseScenarioJson(readFileSync(join(import.meta.dirname, '../../examples', name), 'utf8'));
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  return v.scenario;
}

const run = (s: Scenario): TraceEvent[] => createSimulation(s).runUntil(s.duration);

// Longer than the example's 30 s, so that the index grows its arrays a few times.
const base: Scenario = { ...example('ensemble-failover.json'), duration: 200_000 };
const trace = run(base);
const sendsOf = (events: readonly TraceEvent[]) => events.filter((e) => e.kind === 'net.send');

/** What the page does with a frame (Timeline.apply): cut at `from`, append the rest. */
function apply(page: TraceEvent[], from: number, fresh: readonly TraceEvent[]): void {
  page.length = Math.min(page.length, from);
  page.push(...fresh);
}

/** A branch at time `at`: the run continued with `fault` from there, as the conductor does it. */
function branch(at: number, fault: FaultNow): { from: number; events: TraceEvent[] } {
  const next = run({ ...base, faults: [...base.faults, { ...fault, at } as Fault] });
  const from = trace.findIndex((e) => e.t >= at);
  return { from, events: next.slice(from) };
}

const showAll = (idx: SendIndex): SendFilter => ({
  hiddenTypes: idx.types.names.map(() => false),
  laneOf: idx.nodes.names.map((_, i) => i),
});

function brute(events: readonly TraceEvent[], start: number, end: number): number {
  return sendsOf(events).filter((e) => (e['at'] as number) >= start && e.t <= end).length;
}

describe('send index', () => {
  it('holds every net.send of the trace, in order', () => {
    const idx = new SendIndex();
    idx.update(trace);
    const sends = sendsOf(trace);
    expect(sends.length).toBeGreaterThan(1024); // past the initial capacity
    expect(idx.count).toBe(sends.length);
    for (let k = 0; k < idx.count; k++) {
      const e = trace[idx.event[k]!]!;
      expect(e.kind).toBe('net.send');
      expect(idx.t[k]).toBe(e.t);
      expect(idx.at[k]).toBe(e['at']);
      expect(idx.nodes.names[idx.from[k]!]).toBe(e['from']);
      expect(idx.types.names[idx.type[k]!]).toBe(e['type']);
      if (k > 0) expect(idx.t[k]).toBeGreaterThanOrEqual(idx.t[k - 1]!);
    }
    expect(idx.typeCounts.reduce((a, b) => a + b, 0)).toBe(sends.length);
  });

  it('grows incrementally to the same index as in one go', () => {
    const whole = new SendIndex();
    whole.update(trace);
    const page: TraceEvent[] = [];
    const parts = new SendIndex();
    for (let i = 0; i < trace.length; i += 97) {
      apply(page, page.length, trace.slice(i, i + 97));
      parts.update(page);
    }
    expect(parts.count).toBe(whole.count);
    expect(Array.from(parts.event.subarray(0, parts.count))).toEqual(
      Array.from(whole.event.subarray(0, whole.count)),
    );
  });

  it('counts the sends crossing any window as a scan of the trace does', () => {
    const idx = new SendIndex();
    idx.update(trace);
    const filter = showAll(idx);
    for (const [start, end] of [
      [0, 30_000],
      [0, 0],
      [3990, 4010],
      [4000, 5000],
      [12_345.5, 12_400.25],
      [29_000, 40_000],
      [-100, 2],
    ] as const) {
      expect(forEachVisibleSend(idx, { start, end }, filter), `[${start}, ${end}]`).toBe(
        brute(trace, start, end),
      );
    }
  });

  it('filters by message type and by lane', () => {
    const idx = new SendIndex();
    idx.update(trace);
    const w = { start: 0, end: base.duration };
    const ping = idx.types.get('PING')!;
    const hiddenTypes = idx.types.names.map((_, i) => i === ping);
    const noPing = forEachVisibleSend(idx, w, { ...showAll(idx), hiddenTypes });
    expect(noPing).toBe(sendsOf(trace).filter((e) => e['type'] !== 'PING').length);
    const zk1 = idx.nodes.get('zk1')!;
    const laneOf = idx.nodes.names.map((_, i) => (i === zk1 ? -1 : i));
    const noZk1 = forEachVisibleSend(idx, w, { ...showAll(idx), laneOf });
    expect(noZk1).toBe(sendsOf(trace).filter((e) => e['from'] !== 'zk1' && e['to'] !== 'zk1').length);
  });

  it('follows a branch: cut where the trace changed, the same as an index of the new trace', () => {
    const page = [...trace];
    const idx = new SendIndex();
    idx.update(page);
    const { from, events } = branch(8000, { action: 'crash', target: 'zk1' });
    apply(page, from, events);
    expect(idx.update(page)).toBe(true);
    const fresh = new SendIndex();
    fresh.update(page);
    expect(idx.count).toBe(fresh.count);
    expect(Array.from(idx.event.subarray(0, idx.count))).toEqual(
      Array.from(fresh.event.subarray(0, fresh.count)),
    );
    const counts = (x: SendIndex) => new Map(x.types.names.map((n, i) => [n, x.typeCounts[i] ?? 0]));
    expect([...counts(idx)].filter(([, n]) => n > 0)).toEqual(
      [...counts(fresh)].filter(([, n]) => n > 0).sort((a, b) => idx.types.get(a[0])! - idx.types.get(b[0])!),
    );
    const filter = showAll(idx);
    for (const [start, end] of [
      [0, 30_000],
      [7000, 9000],
      [8000, 8000],
    ] as const)
      expect(forEachVisibleSend(idx, { start, end }, filter)).toBe(brute(page, start, end));
  });
});

describe('trace feed', () => {
  it('reports appends, and locates a cut by identity', () => {
    const feed = new TraceFeed();
    const page = trace.slice(0, 100);
    expect(feed.sync(page)).toEqual({ keep: 0, end: 100, dropped: [] });
    page.push(...trace.slice(100, 150));
    expect(feed.sync(page)).toEqual({ keep: 100, end: 150, dropped: [] });
    expect(feed.sync(page)).toEqual({ keep: 150, end: 150, dropped: [] });
    // replace the tail from 120 with copies (new objects, as a branch makes them)
    const replaced = page.slice(120);
    apply(
      page,
      120,
      trace.slice(120, 160).map((e) => ({ ...e })),
    );
    const u = feed.sync(page);
    expect(u.keep).toBe(120);
    expect(u.end).toBe(160);
    expect(u.dropped).toEqual(replaced);
    // a cut to fewer events than before
    page.length = 10;
    expect(feed.sync(page)).toMatchObject({ keep: 10, end: 10 });
  });
});

describe('lanes and lane marks', () => {
  it('has one lane per node: servers then clients', () => {
    expect(lanesFor(base).map((l) => l.node)).toEqual(['zk1', 'zk2', 'zk3', 'a', 'w']);
  });

  it('marks crashes, starts and role changes, and follows a branch', () => {
    const marks = new LaneMarks();
    const page = [...trace];
    marks.update(page);
    const crash = marks.marks.filter((m) => m.what === 'crash');
    expect(crash.map((m) => [m.node, m.t])).toEqual([['zk3', 4000]]);
    expect(marks.marks.some((m) => m.what === 'role' && m.role === 'LEADING')).toBe(true);
    expect(marks.inWindow(3999, 4001).map((m) => m.what)).toContain('crash');
    const { from, events } = branch(8000, { action: 'crash', target: 'zk1' });
    apply(page, from, events);
    marks.update(page);
    const fresh = new LaneMarks();
    fresh.update(page);
    expect(marks.marks).toEqual(fresh.marks);
    expect(marks.marks.filter((m) => m.what === 'crash').map((m) => m.node)).toEqual(['zk3', 'zk1']);
  });
});
