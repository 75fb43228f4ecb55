// network.handleMs (issue #13 goal 6): a node takes that long to handle each arrival from the
// network, one at a time in arrival order, so a burst queues; timers do not wait; a FIN still
// comes after the data before it; omitted, nothing changes. network.cores: the nodes share a
// machine with that many cores, so bursts at different nodes queue for them too.
import { describe, expect, it } from 'vitest';
import type { NetworkConfig } from '../../src/sim/kernel/network-config.ts';
import { World } from '../../src/sim/kernel/world.ts';
import type { TraceEvent } from '../../src/sim/trace/event.ts';
import { traceHash } from '../../src/sim/trace/recorder.ts';
import { EchoNode, type EchoPlan, type TestMsg } from '../support/echo-node.ts';

const LATENCY = { distribution: 'uniform' as const, min: 0.05, jitter: 0 };

function build(plans: Record<string, EchoPlan>, network: NetworkConfig) {
  const events: TraceEvent[] = [];
  const world = new World<TestMsg>(1, network, (e) => events.push(e));
  const nodes = new Map<string, EchoNode>();
  for (const [id, plan] of Object.entries(plans))
    world.add(id, (nid, rng) => nodes.set(nid, new EchoNode(nid, plan, rng)).get(nid)!, plan.connect ? 1 : 0);
  return { world, events, nodes };
}

const arrivals = (n: EchoNode) => n.seen.filter((s) => s.input.type === 'message');

describe('handleMs', () => {
  it('a burst queues: each message is handled handleMs after the one before', () => {
    const { world, nodes } = build(
      { a: { connect: ['b'], burst: 5 }, b: {} },
      { latency: LATENCY, detectMs: 100, handleMs: 0.2 },
    );
    world.runUntil(100);
    const b = arrivals(nodes.get('b')!);
    expect(b.map((s) => (s.input.type === 'message' ? s.input.msg.n : -1))).toEqual([0, 1, 2, 3, 4]);
    // a is told it is connected at 1 + 0.05 + 0.05 + 0.2 (its own turn); the five sends land on b at
    // 1.35 and b handles them one after another, 0.2 ms each.
    expect(b.map((s) => s.t)).toEqual([1.55, 1.75, 1.95, 2.15, 2.35]);
  });

  it('timers do not wait behind messages', () => {
    const { world, nodes } = build(
      { a: { connect: ['b'], burst: 20 }, b: { timers: { tick: 2 } } },
      { latency: LATENCY, detectMs: 100, handleMs: 0.5 },
    );
    world.runUntil(100);
    const b = nodes.get('b')!.seen;
    const tick = b.find((s) => s.input.type === 'timer')!;
    expect(tick.t).toBe(2);
    // Messages are still being handled after the timer fired: it overtook them.
    expect(arrivals(nodes.get('b')!).some((s) => s.t > 2)).toBe(true);
  });

  it('a close still arrives after the data sent before it', () => {
    const { world, nodes } = build(
      { a: { connect: ['b'], burst: 3 }, b: {} },
      { latency: LATENCY, detectMs: 100, handleMs: 1 },
    );
    // a is told it is connected at 2.1 and sends at once; b is still busy with them when a dies.
    world.runUntil(2.2);
    expect(arrivals(nodes.get('b')!)).toEqual([]);
    world.crash('a', false);
    world.runUntil(100);
    const kinds = nodes.get('b')!.seen.map((s) => s.input.type);
    expect(kinds.slice(-4)).toEqual(['message', 'message', 'message', 'closed']);
  });

  it('omitted or 0 gives the run it always gave', () => {
    const plans = { a: { connect: ['b'], burst: 10, echo: true }, b: { echo: true } };
    const net = { latency: { distribution: 'uniform' as const, min: 1, jitter: 3 }, detectMs: 100 };
    const hash = (n: NetworkConfig) => {
      const r = build(plans, n);
      r.world.runUntil(50);
      return traceHash(r.events);
    };
    expect(hash({ ...net, handleMs: 0 })).toBe(hash(net));
    expect(hash({ ...net, handleMs: 0.1 })).not.toBe(hash(net));
  });

  describe('cores', () => {
    const plans = { a: { connect: ['b'], burst: 5 }, b: {}, c: { connect: ['d'], burst: 5 }, d: {} };
    const handled = (network: NetworkConfig) => {
      const { world, nodes } = build(plans, network);
      world.runUntil(100);
      return [...arrivals(nodes.get('b')!), ...arrivals(nodes.get('d')!)]
        .map((s) => s.t)
        .sort((x, y) => x - y);
    };
    const net = { latency: LATENCY, detectMs: 100, handleMs: 0.2 };

    it('one core: the bursts at two nodes take turns on it, no two handlings at once', () => {
      const times = handled({ ...net, cores: 1 });
      expect(times).toHaveLength(10);
      // Each handling ends 0.2 ms after the one before, whichever node it is at.
      const us = times.map((t) => Math.round(t * 1000));
      for (let i = 1; i < us.length; i++) expect(us[i]! - us[i - 1]!).toBeGreaterThanOrEqual(200);
    });

    it('a core per node: the run without cores', () => {
      expect(handled({ ...net, cores: 4 })).toEqual(handled(net));
      // Without cores the two bursts are handled side by side.
      const alone = handled(net).map((t) => Math.round(t * 1000));
      expect(alone.filter((t, i) => i > 0 && t === alone[i - 1]).length).toBeGreaterThan(0);
    });
  });
});
