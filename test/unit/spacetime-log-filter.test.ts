// The event log's model over a real trace: which nodes an event concerns, the filter, and the
// incremental index of matching rows (appends, a new filter, a branch).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/app/event-summary.ts';
import { soloed, toggled } from '../../src/app/views/log/chips.ts';
import {
  type EventFilter,
  matchesFilter,
  NO_FILTER,
  passesNodes,
} from '../../src/app/views/log/event-filter.ts';
import { eventNodes } from '../../src/app/views/log/event-nodes.ts';
import { LogIndex, lowerBound } from '../../src/app/views/log/log-index.ts';
import { parseScenarioJson } from '../../src/scenario/validate.ts';
import type { Scenario } from '../../src/sim/scenario-types.ts';
import { createSimulation } from '../../src/sim/simulation.ts';
import type { TraceEvent } from '../../src/sim/trace/event.ts';

const v = parseScenarioJson(
  readFileSync(join(import.meta.dirname, '../../examples/ensemble-failover.json'), 'utf8'),
);
if (!v.ok) throw new Error('example');
const scenario: Scenario = v.scenario;
const trace = createSimulation(scenario).runUntil(scenario.duration);

const filter = (f: Partial<EventFilter>): EventFilter => ({ ...NO_FILTER, ...f });
const text = (e: TraceEvent) => `${e.kind} ${summarize(e, 400)}`.toLowerCase();
const brute = (events: readonly TraceEvent[], f: EventFilter) =>
  events.flatMap((e, i) => (matchesFilter(e, f, () => text(e)) ? [i] : []));

describe('event nodes', () => {
  it('names the nodes of each kind of event', () => {
    const first = (kind: string) => trace.find((e) => e.kind === kind)!;
    expect(eventNodes(first('net.send'))).toEqual(
      expect.arrayContaining([first('net.send')['from'], first('net.send')['to']]),
    );
    const state = first('server.state');
    expect(eventNodes(state)).toEqual([`zk${state['server']}`]);
    const reply = first('client.reply');
    expect(eventNodes(reply)).toEqual([reply['client']]);
    expect(eventNodes({ t: 0, kind: 'net.partition', groups: [['zk1', 'a'], ['zk2']] })).toEqual([
      'zk1',
      'a',
      'zk2',
    ]);
    expect(eventNodes({ t: 0, kind: 'net.heal' })).toEqual([]);
  });

  it('passes an event naming no node, or any shown node', () => {
    const send: TraceEvent = { t: 0, kind: 'net.send', conn: 1, from: 'zk1', to: 'zk2', type: 'Ping', at: 1 };
    expect(passesNodes(send, new Set(['zk1']))).toBe(true);
    expect(passesNodes(send, new Set(['zk1', 'zk2']))).toBe(false);
    expect(passesNodes({ t: 0, kind: 'net.heal' }, new Set(['zk1']))).toBe(true);
  });
});

describe('log index', () => {
  it('lists every event without a filter', () => {
    const idx = new LogIndex();
    idx.update(trace);
    expect(idx.matches).toEqual(trace.map((_, i) => i));
    expect([...idx.kindCounts.values()].reduce((a, b) => a + b, 0)).toBe(trace.length);
  });

  it('filters by kind, node and text the same as a scan, as the trace grows', () => {
    const filters = [
      filter({ hiddenKinds: new Set(['net.send']) }),
      filter({ hiddenNodes: new Set(['zk1', 'zk2', 'zk3']) }),
      filter({ text: 'PATH=/e' }),
      filter({ text: '  CREATE ', hiddenKinds: new Set(['client.request']) }),
    ];
    for (const f of filters) {
      const idx = new LogIndex();
      idx.setFilter(f);
      const page: TraceEvent[] = [];
      for (let i = 0; i < trace.length; i += 211) {
        page.push(...trace.slice(i, i + 211));
        idx.update(page);
      }
      const want = brute(trace, f);
      expect(want.length).toBeGreaterThan(0);
      expect(want.length).toBeLessThan(trace.length);
      expect(idx.matches).toEqual(want);
    }
  });

  it('rescans once on a new filter and finds the row at or before a trace index', () => {
    const idx = new LogIndex();
    idx.update(trace);
    idx.setFilter(filter({ hiddenKinds: new Set(['net.send']) }));
    expect(idx.matches).toEqual(brute(trace, idx.filter));
    const i = idx.matches[10]!;
    expect(idx.rowBefore(i + 1)).toBe(10);
    expect(idx.rowBefore(i)).toBe(9);
    expect(idx.rowBefore(0)).toBe(-1);
  });

  it('follows a branch: drops the rows and counts of the replaced tail', () => {
    const page = [...trace];
    const idx = new LogIndex();
    idx.setFilter(filter({ hiddenKinds: new Set(['net.send']) }));
    idx.update(page);
    const next = createSimulation({
      ...scenario,
      faults: [...scenario.faults, { at: 9000, action: 'crash', target: 'zk1' }],
    }).runUntil(scenario.duration);
    const from = page.findIndex((e) => e.t >= 9000);
    page.length = from;
    page.push(...next.slice(from));
    idx.update(page);
    expect(idx.matches).toEqual(brute(page, idx.filter));
    const counts = new Map<string, number>();
    for (const e of page) counts.set(e.kind, (counts.get(e.kind) ?? 0) + 1);
    expect(new Map([...idx.kindCounts].sort())).toEqual(new Map([...counts].sort()));
  });

  it('binary-searches ascending arrays', () => {
    expect(lowerBound([1, 3, 3, 7], 3)).toBe(1);
    expect(lowerBound([1, 3, 3, 7], 8)).toBe(4);
    expect(lowerBound([1, 3, 3, 7], 0)).toBe(0);
    expect(lowerBound(new Int32Array([1, 2, 3, 4]), 3, 2)).toBe(2);
  });
});

describe('filter chips', () => {
  it('toggles and solos', () => {
    expect([...toggled(new Set(['a']), 'a')]).toEqual([]);
    expect([...toggled(new Set(), 'a')]).toEqual(['a']);
    const all = ['a', 'b', 'c'];
    expect([...soloed(new Set(), 'b', all)]).toEqual(['a', 'c']);
    expect([...soloed(new Set(['a', 'c']), 'b', all)]).toEqual([]);
  });
});
