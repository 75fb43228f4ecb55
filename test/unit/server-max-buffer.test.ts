// Requests over jute.maxbuffer (servers.maxBuffer): the server closes the connection without reading
// them (NIOServerCnxn#readLength, "Len error"): nothing applied, no zxid used, the call fails with
// ConnectionLoss and the client reconnects with the same session.
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../src/scenario/validate.ts';
import type { ZooKeeperServer } from '../../src/sim/server/server.ts';
import type { Simulation } from '../../src/sim/simulation.ts';
import { logsOf, runScript } from '../support/lua-run.ts';
import { ofKind, replies, simulate } from '../support/run.ts';

// create /big2 with 1,048,525 bytes: a frame of 1,048,577 > 1,048,575; 1,048,523 bytes is exactly at it.
const SCRIPT = [
  'zk.create("/a", "1")',
  'local sid = zk.session_id()',
  'print(zk.create("/big2", string.rep("x", 1048525)))',
  'print(zk.exists("/big2"))',
  'print(zk.session_id() == sid, zk.state())',
  'zk.create("/b", "2")',
  'print(zk.exists("/b").czxid - zk.exists("/a").czxid)',
  'print(zk.create("/at", string.rep("x", 1048523)))',
  'print(#zk.get("/at"))',
].join('\n');

const EXPECTED = ['nil\tConnectionLoss', 'nil', 'true\tCONNECTED', '1', '/at', '1048523'];

const server = (sim: Simulation, sid: number) => sim.world.node(`zk${sid}`) as ZooKeeperServer;

describe('servers.maxBuffer (jute.maxbuffer)', () => {
  it('standalone: an oversized create gets ConnectionLoss, is not applied and uses no zxid', async () => {
    const { events, sim } = await runScript(SCRIPT);
    expect(logsOf(events)).toEqual(EXPECTED);
    const refused = ofKind(events, 'server.refuse');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ server: 1, reason: 'Len error 1048577' });
    const sessions = ofKind(events, 'client.session', 'c').filter((e) => e.state === 'SyncConnected');
    expect(sessions).toHaveLength(2);
    expect(sessions[1]!.session).toBe(sessions[0]!.session);
    expect(sessions[1]!.moved).toBe(true);
    expect(server(sim, 1).database.peek('/big2')).toBeNull();
  });

  it('3 servers: the same through a follower or the leader, and the session moves', async () => {
    const { events, sim } = await runScript(
      SCRIPT,
      { servers: { count: 3 } },
      { connect: [1, 2, 3], start: 3000 },
    );
    expect(logsOf(events)).toEqual(EXPECTED);
    expect(ofKind(events, 'server.refuse')).toHaveLength(1);
    const sessions = ofKind(events, 'client.session', 'c').filter((e) => e.state === 'SyncConnected');
    expect(new Set(sessions.map((e) => e.session)).size).toBe(1);
    for (const sid of [1, 2, 3]) {
      expect(server(sim, sid).database.peek('/big2')).toBeNull();
      expect(server(sim, sid).database.peek('/at')).not.toBeNull();
    }
  });

  it('the limit is on the whole frame: a multi of parts each under it is refused', async () => {
    const part = 'zk.create("/m1", string.rep("x", 600000))';
    const multi = [
      'local d = string.rep("x", 600000)',
      'print(zk.multi({ { op = "create", path = "/m1", data = d }, { op = "create", path = "/m2", data = d } }))',
      'print(zk.exists("/m1"), zk.exists("/m2"))',
      part,
      'print(zk.exists("/m1") ~= nil)',
    ].join('\n');
    const { events } = await runScript(multi);
    const logs = logsOf(events);
    expect(logs[0]).toMatch(/^nil\tConnectionLoss\t/);
    expect(logs.slice(1)).toEqual(['nil\tnil', 'true']);
    expect(ofKind(events, 'server.refuse')[0]?.reason).toBe(
      `Len error ${8 + 2 * (9 + 7 + 600_004 + 27 + 4) + 9}`,
    );
  });

  it('a smaller servers.maxBuffer refuses smaller requests; the check is on every server', async () => {
    const script = [
      'print(zk.create("/s", string.rep("y", 2000)))',
      'print(zk.set("/", string.rep("z", 1000)) ~= nil)',
    ].join('\n');
    const { events } = await runScript(script, { servers: { count: 1, maxBuffer: 2048 } });
    // create: 8 + 6 + (4 + 2000) + 27 + 4 = 2049 > 2048
    expect(logsOf(events)).toEqual(['nil\tConnectionLoss', 'true']);
    expect(ofKind(events, 'server.refuse')[0]?.reason).toBe('Len error 2049');
  });

  it('a JSON program with a 50 MB znode is refused without copying it', () => {
    // As a scenario file gives it: a flat string from JSON.parse ('x'.repeat makes a rope that the
    // first read of its characters flattens, a copy the simulator would be blamed for). The JSON
    // text is an external string, outside heapUsed, so its garbage does not hide a copy.
    const text = Buffer.alloc(50_000_002, 'x');
    text[0] = text[text.length - 1] = 0x22;
    const data: string = JSON.parse(text.toString('latin1'));
    const before = process.memoryUsage().heapUsed;
    const { events, sim } = simulate({
      duration: 5000,
      clients: [
        {
          name: 'c',
          program: [
            { op: 'create', path: '/huge', data },
            { op: 'create', path: '/after', data: 'ok' },
          ],
        },
      ],
    });
    const grown = process.memoryUsage().heapUsed - before;
    const r = replies(events, 'c');
    expect(r.map((e) => `${e.path} ${e.ok ? 'ok' : e.err}`)).toEqual(['/huge ConnectionLoss', '/after ok']);
    expect(server(sim, 1).database.peek('/huge')).toBeNull();
    expect(grown).toBeLessThan(50_000_000);
  });

  it('validation: an integer in 1024..16777216', () => {
    const check = (maxBuffer: unknown) =>
      validateScenario({ version: 1, seed: 1, servers: { count: 1, maxBuffer } });
    expect(check(1024).ok).toBe(true);
    expect(check(16 * 1024 * 1024).ok).toBe(true);
    for (const bad of [1023, 16 * 1024 * 1024 + 1, 1.5, '1048575', -1, null]) {
      const v = check(bad);
      expect(v.ok).toBe(false);
      if (!v.ok) expect(v.errors[0]).toMatchObject({ path: '$.servers.maxBuffer' });
    }
    const omitted = validateScenario({ version: 1, seed: 1 });
    expect(omitted.ok && omitted.scenario.servers.maxBuffer).toBe(undefined);
  });
});
