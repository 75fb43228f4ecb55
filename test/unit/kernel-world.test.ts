import { describe, expect, it } from 'vitest';
import { SimDisk } from '../../src/sim/kernel/disk.ts';
import { World } from '../../src/sim/kernel/world.ts';
import type { TraceEvent } from '../../src/sim/trace/event.ts';
import { traceHash } from '../../src/sim/trace/recorder.ts';
import { EchoNode, type EchoPlan, type TestMsg } from '../support/echo-node.ts';

const NET = { latency: { distribution: 'uniform' as const, min: 5, jitter: 20 }, detectMs: 300 };

function build(plans: Record<string, EchoPlan>, seed = 1) {
  const events: TraceEvent[] = [];
  const world = new World<TestMsg>(seed, NET, (e) => events.push(e));
  const nodes = new Map<string, EchoNode>();
  for (const [id, plan] of Object.entries(plans)) {
    world.add(
      id,
      (nid, rng) => {
        const n = new EchoNode(nid, plan, rng);
        nodes.set(nid, n);
        return n;
      },
      plan.connect ? 1 : 0, // connectors start after the nodes they connect to
    );
  }
  return { world, events, nodes };
}

const messages = (n: EchoNode) => n.seen.flatMap((s) => (s.input.type === 'message' ? [s.input.msg.n] : []));

describe('World', () => {
  it('delivers messages on a connection in FIFO order despite jitter', () => {
    const { world, nodes } = build({ a: { connect: ['b'], burst: 100 }, b: {} });
    world.runUntil(10_000);
    expect(messages(nodes.get('b')!)).toEqual([...Array(100).keys()]);
  });

  it('tells the acceptor before the initiator, and the initiator never hears the acceptor first', () => {
    const { world, nodes } = build({ a: { connect: ['b'] }, b: { echo: true } });
    world.runUntil(1000);
    const b = nodes.get('b')!.seen.find((s) => s.input.type === 'connected')!;
    const a = nodes.get('a')!.seen.find((s) => s.input.type === 'connected')!;
    expect(b.t).toBeLessThanOrEqual(a.t);
  });

  it('refuses a connection to a node that is not up', () => {
    const events: TraceEvent[] = [];
    const world = new World<TestMsg>(1, NET, (e) => events.push(e));
    let a: EchoNode | undefined;
    world.add('a', (id) => (a = new EchoNode(id, { connect: ['b'] })), 1);
    world.add('b', (id) => new EchoNode(id, {}), null);
    world.runUntil(1000);
    expect(a!.seen.some((s) => s.input.type === 'connect.failed' && s.input.reason === 'refused')).toBe(true);
  });

  it('breaks connections across a partition; both ends learn after detectMs', () => {
    const { world, nodes } = build({ a: { connect: ['b'] }, b: {} });
    world.runUntil(200);
    world.partition([['a'], ['b']]);
    world.runUntil(200 + NET.detectMs - 1);
    expect(nodes.get('a')!.seen.some((s) => s.input.type === 'closed')).toBe(false);
    world.runUntil(200 + NET.detectMs);
    expect(nodes.get('a')!.seen.some((s) => s.input.type === 'connected')).toBe(true);
    for (const id of ['a', 'b']) {
      const closed = nodes.get(id)!.seen.find((s) => s.input.type === 'closed');
      expect(closed?.t).toBe(200 + NET.detectMs);
      expect(closed?.input.type === 'closed' && closed.input.reason).toBe('broken');
    }
  });

  it('a one-way cut breaks the connection (TCP needs both directions) and blocks new ones', () => {
    const { world, nodes } = build({ a: { connect: ['b'] }, b: {} });
    world.runUntil(200);
    world.cut('b', 'a', true);
    world.runUntil(1000);
    expect(nodes.get('a')!.seen.some((s) => s.input.type === 'closed')).toBe(true);
  });

  it('on a crash, the peer is told the connection closed and timers of the dead node never fire', () => {
    const { world, nodes } = build({ a: { connect: ['b'], timers: { late: 500 } }, b: {} });
    world.runUntil(200);
    const a = nodes.get('a')!;
    world.crash('a', false);
    world.runUntil(2000);
    expect(nodes.get('b')!.seen.some((s) => s.input.type === 'closed')).toBe(true);
    expect(a.seen.some((s) => s.input.type === 'timer')).toBe(false);
  });

  it('buffers inputs of a paused node and hands them over, in order, on resume', () => {
    const { world, nodes } = build({ a: { connect: ['b'], burst: 5 }, b: {} });
    world.runUntil(0);
    world.pause('b');
    world.runUntil(1000);
    expect(world.isPaused('b')).toBe(true);
    expect(messages(nodes.get('b')!)).toEqual([]);
    world.resume('b');
    expect(messages(nodes.get('b')!)).toEqual([0, 1, 2, 3, 4]);
  });

  it('per-link drop loses the packet and breaks the connection', () => {
    const { world, nodes, events } = build({ a: { connect: ['b'] }, b: {} });
    world.network.setDropRate('a', 'b', 1);
    world.runUntil(100);
    expect(events.some((e) => e.kind === 'net.drop')).toBe(false);
    const { world: w2, nodes: n2, events: e2 } = build({ a: { connect: ['b'], burst: 3 }, b: {} });
    w2.network.setDropRate('a', 'b', 1);
    w2.runUntil(1000);
    expect(e2.some((e) => e.kind === 'net.drop')).toBe(true);
    expect(messages(n2.get('b')!)).toEqual([]);
    expect(nodes.size).toBe(2);
  });

  it('per-link extra delay adds to latency', () => {
    const fast = build({ a: { connect: ['b'], burst: 1 }, b: {} });
    fast.world.runUntil(5000);
    const slow = build({ a: { connect: ['b'], burst: 1 }, b: {} });
    slow.world.network.setDelay('a', 'b', 1000);
    slow.world.runUntil(5000);
    const at = (n: EchoNode) => n.seen.find((s) => s.input.type === 'message')!.t;
    expect(at(slow.nodes.get('b')!)).toBeGreaterThanOrEqual(at(fast.nodes.get('b')!) + 1000);
  });

  it('a crash keeps only synced records, unless the page cache survives', () => {
    for (const [keep, expected] of [
      [false, [0, 1, 2]],
      [true, [0, 1, 2, 3, 4]],
    ] as const) {
      const { world, nodes } = build({ a: { disk: { appends: 5, synced: 3 } } });
      world.runUntil(10);
      world.crash('a', keep);
      world.start('a');
      const boot = nodes.get('a')!.seen[0]!.input;
      expect(boot.type === 'start' && boot.disk.logs.l).toEqual(expected);
    }
  });

  it('is deterministic: same seed, same trace; another seed, another trace', () => {
    const plans = { a: { connect: ['b', 'c'], burst: 20 }, b: { echo: true }, c: { echo: true } };
    const run = (seed: number) => {
      const { world, events, nodes } = build(plans, seed);
      world.runUntil(5000);
      // The trace has the network's side; what each node handled, and when, is in `seen`.
      const inputs = [...nodes.values()].map((n) => n.seen.map((s) => `${s.t} ${s.input.type}`));
      return `${traceHash(events)} ${JSON.stringify(inputs)}`;
    };
    expect(run(42)).toBe(run(42));
    expect(run(42)).not.toBe(run(43));
  });
});

describe('SimDisk', () => {
  it('files are durable at once; logs only up to the last fsync', () => {
    const d = new SimDisk();
    d.write('currentEpoch', 3);
    d.append('log', 'a');
    expect(d.fsync('log')).toBe(1);
    d.append('log', 'b');
    expect(d.unsynced()).toBe(1);
    expect(d.crash(false)).toBe(1);
    expect(d.image()).toEqual({ files: { currentEpoch: 3 }, logs: { log: ['a'] } });
  });
});
