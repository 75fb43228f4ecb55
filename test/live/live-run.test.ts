import { describe, expect, it } from 'vitest';
import { JuteReader, JuteWriter } from '../../src/live/jute.ts';
import { LiveRun, liveProblems } from '../../src/live/live-run.ts';
import type { Connection, ConnectionHandlers, Transport } from '../../src/live/transport.ts';
import { parseConnectString } from '../../src/live/transport.ts';
import { validateScenario } from '../../src/scenario/validate.ts';
import type { TraceEvent } from '../../src/sim/trace/event.ts';

/**
 * A stand-in for one ZooKeeper server, speaking the wire format: a session for every
 * ConnectRequest, create2 answered with the path and a Stat, closeSession answered. Enough to see
 * LiveRun host an unchanged simulator client in real time.
 */
class FakeServer implements Transport {
  readonly servers = 1;
  zxid = 0x500;
  received: number[] = [];

  connect(_server: number, h: ConnectionHandlers): Connection {
    let connected = false;
    const reply = (w: JuteWriter) => setTimeout(() => h.data(w.frame()), 1);
    setTimeout(() => h.open(), 1);
    return {
      send: (bytes) => {
        const r = new JuteReader(bytes.subarray(4));
        if (!connected) {
          connected = true;
          reply(new JuteWriter().int(0).int(6000).long(0x1234n).buffer(new Uint8Array(16)).bool(false));
          return;
        }
        const xid = r.int();
        const type = r.int();
        this.received.push(type);
        if (type === 15) {
          const path = r.ustring() ?? '';
          const z = ++this.zxid;
          const w = new JuteWriter().int(xid).long(z).int(0).ustring(path);
          w.long(z).long(z).long(0).long(0).int(0).int(0).int(0).long(0).int(0).int(0).long(z);
          reply(w);
        } else if (type === -11)
          reply(
            new JuteWriter()
              .int(xid)
              .long(++this.zxid)
              .int(0),
          );
      },
      close: () => setTimeout(() => h.close(true), 0),
    };
  }
}

function scenario(doc: Record<string, unknown>) {
  const v = validateScenario({ version: 1, seed: 1, duration: 5000, ...doc });
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  return v.scenario;
}

describe('LiveRun', () => {
  it('runs a client program against the wire in real time and traces what the simulator traces', async () => {
    const server = new FakeServer();
    const events: TraceEvent[] = [];
    const s = scenario({
      clients: [{ name: 'c', connect: [1], program: [{ op: 'create', path: '/a' }, { op: 'close' }] }],
    });
    const end = await new LiveRun(s, { transport: server, onEvent: (e) => events.push(e) }).run();
    expect(end).toBe('clients finished');
    const kinds = events.map((e) => e.kind);
    expect(kinds).toEqual([
      'node.start',
      'client.session',
      'client.event',
      'client.request',
      'client.reply',
      'client.session',
      'client.event',
    ]);
    const reply = events.find((e) => e.kind === 'client.reply');
    expect(reply).toMatchObject({ op: 'create', ok: true, zxid: '0x501', result: { path: '/a' } });
    expect(events.find((e) => e.kind === 'client.session')).toMatchObject({
      session: 0x1234n,
      timeout: 6000,
    });
    // create2 (15) then closeSession (-11): the session was closed by the client, nothing left to clean.
    expect(server.received).toEqual([15, -11]);
    for (let i = 1; i < events.length; i++) expect(events[i]!.t).toBeGreaterThanOrEqual(events[i - 1]!.t);
  });

  it('refuses faults and servers the connect string lacks', () => {
    const s = scenario({
      servers: { count: 3 },
      clients: [{ name: 'c', connect: [1, 3], program: [] }],
      faults: [{ at: 10, action: 'crash', target: 'zk1' }],
    });
    const problems = liveProblems(s, 2);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/fault 'crash' at 10 ms needs control of the servers/);
    expect(problems[1]).toMatch(/client 'c' connects to server 3, but the connect string names 2/);
    // An expiry needs no control of the servers: the session is taken over and closed.
    const expiring = scenario({
      clients: [{ name: 'c', connect: [1], program: [] }],
      faults: [{ at: 10, action: 'expire', target: 'c' }],
    });
    expect(liveProblems(expiring, 1)).toEqual([]);
  });

  it('reads connect strings the way ZooKeeper does', () => {
    expect(parseConnectString('127.0.0.1:2181,[::1]:2182,zk3/app/x')).toEqual({
      servers: [
        { host: '127.0.0.1', port: 2181 },
        { host: '::1', port: 2182 },
        { host: 'zk3', port: 2181 },
      ],
      chroot: '/app/x',
    });
    expect(() => parseConnectString('a:99999')).toThrow(/bad port/);
    expect(() => parseConnectString('a:1/app/')).toThrow(/must not end/);
  });
});
