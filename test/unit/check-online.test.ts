// The online checker: attached to a running simulation, it records each violation into the trace
// as `check.violation`, right after the event that revealed it, for every listener alike.
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../src/scenario/validate.ts';
import { attachChecker, checkRun, liveServers, VIOLATION_KIND } from '../../src/sim/check/index.ts';
import { INVARIANTS } from '../../src/sim/check/registry.ts';
import type { Invariant } from '../../src/sim/check/types.ts';
import { createSimulation } from '../../src/sim/simulation.ts';
import type { TraceEvent } from '../../src/sim/trace/event.ts';
import { TraceRecorder } from '../../src/sim/trace/recorder.ts';

const doc = {
  version: 1,
  seed: 3,
  duration: 8000,
  servers: { count: 3, tickTime: 500 },
  clients: [
    {
      name: 'a',
      program: [
        { op: 'create', path: '/a', data: '1' },
        { op: 'set', path: '/a', data: '2' },
        { op: 'get', path: '/a' },
        { op: 'close' },
      ],
    },
  ],
  faults: [{ at: 3000, action: 'crash', target: 'zk3' }],
};

function newSim() {
  const v = validateScenario(doc);
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  return createSimulation(v.scenario);
}

/** A test invariant that flags every commit of zxid 0x100000002, on every server. */
const flagSecondTxn = (): Invariant => ({
  name: 'test-flag',
  describe: 'flags every txn.commit of 0x100000002 (for the test)',
  kinds: ['txn.commit'],
  observe: (e, i) =>
    e.zxid === '0x100000002'
      ? [{ invariant: 'test-flag', t: e.t, message: `server ${e.server}`, events: [i] }]
      : undefined,
});

describe('online checking', () => {
  it('records nothing on a clean run, and its final checks pass', () => {
    const sim = newSim();
    const online = attachChecker(sim);
    sim.runUntil(doc.duration);
    expect(online.finish()).toEqual([]);
    expect(sim.trace.events.filter((e) => e.kind === VIOLATION_KIND)).toEqual([]);
    expect(online.violations).toEqual([]);
  });

  it('records check.violation right after the revealing event, pointing at it', () => {
    const sim = newSim();
    const online = attachChecker(sim, [...INVARIANTS, flagSecondTxn]);
    sim.runUntil(doc.duration);
    const events = sim.trace.events;
    const recorded = events.flatMap((e, i) => (e.kind === VIOLATION_KIND ? [i] : []));
    expect(recorded.length).toBe(3); // the leader and both followers commit it (zk3 before its crash)
    for (const i of recorded) {
      const v = events[i]!;
      expect(v).toMatchObject({ invariant: 'test-flag', t: events[i - 1]!.t, events: [i - 1] });
      expect(events[i - 1]).toMatchObject({ kind: 'txn.commit', zxid: '0x100000002' });
    }
    expect(online.violations.map((v) => v.events[0])).toEqual(recorded.map((i) => i - 1));
  });

  it('finds what the offline checker finds on the same run', () => {
    const sim = newSim();
    const online = attachChecker(sim, [...INVARIANTS, flagSecondTxn]);
    sim.runUntil(doc.duration);
    online.finish();
    const offline = checkRun(
      sim.trace.events.filter((e) => e.kind !== VIOLATION_KIND),
      liveServers(sim),
      [...INVARIANTS, flagSecondTxn],
    );
    expect(online.violations.map((v) => v.message)).toEqual(offline.map((v) => v.message));
  });
});

describe('TraceRecorder', () => {
  it('delivers events recorded by a listener after the current event has reached every listener', () => {
    const r = new TraceRecorder();
    const seenBySecond: string[] = [];
    const pause = (t: number, node: string): TraceEvent => ({ t, kind: 'node.pause', node });
    r.onEvent((e) => {
      if (e.node === 'a') r.record(pause(e.t, 'b'));
    });
    r.onEvent((e, i) => seenBySecond.push(`${i}:${e.node}`));
    r.record(pause(0, 'a'));
    r.record(pause(1, 'c'));
    expect(r.events.map((e) => e.node)).toEqual(['a', 'b', 'c']);
    expect(seenBySecond).toEqual(['0:a', '1:b', '2:c']);
  });

  it('hashes kept events when asked: the same hash as streamed ones, asked midway or at the end', () => {
    const kept = new TraceRecorder();
    const streamed = new TraceRecorder();
    streamed.stream();
    for (let t = 0; t < 5; t++) {
      kept.record({ t, kind: 'node.skew', node: 'x', ms: t });
      streamed.record({ t, kind: 'node.skew', node: 'x', ms: t });
      if (t === 2) expect(kept.hash()).toBe(streamed.hash());
    }
    expect(kept.hash()).toBe(streamed.hash());
  });

  it('serializes a kept event only when the hash is asked for', () => {
    const r = new TraceRecorder();
    r.record({ t: 0, kind: 'node.skew', node: 'x', ms: Number.NaN });
    expect(r.length).toBe(1);
    expect(() => r.hash()).toThrow(/not finite/);
  });
});
