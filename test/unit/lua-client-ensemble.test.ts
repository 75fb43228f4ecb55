// The Lua client API against a 3-server ensemble (and the same script against a standalone server):
// every call, then the session across a crash of the server the client is connected to
// (ConnectionLoss, reconnect with the same session, watches re-registered with SetWatches), an
// outcome the client cannot know, and expiry after a long partition.
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../src/sim/trace/event.ts';
import { finished, logsOf, luaErrors, simulateLua } from '../support/lua-run.ts';
import { ofKind } from '../support/run.ts';

const lua = (...lines: string[]) => `${lines.join('\n')}\n`;

const ENSEMBLE = { servers: { count: 3, tickTime: 500 } };

/** The sid of the server `client` first connects to (the run up to the first fault is the same). */
async function firstServer(doc: Record<string, unknown>, client = 'c'): Promise<number> {
  const { events } = await simulateLua({ ...doc, faults: [] });
  const s = ofKind(events, 'client.session', client).find((e) => e.state === 'SyncConnected');
  if (!s) throw new Error(`${client} never connected`);
  return s.server as number;
}

// Every zk function, with output that depends neither on zxids, times nor session ids.
const EVERY_CALL = lua(
  'local function await(kind) repeat local e = zk.wait_event() until e.type == kind or e.state == kind end',
  'await("SyncConnected")',
  'print("state", zk.state(), zk.session_id() ~= "0x0")',
  'print("create", zk.create("/app", "v0"), zk.create("/app", "x"))',
  'print("seq", zk.create("/app/n-", "", { sequential = true }), zk.create("/app/n-", "", { sequential = true, ephemeral = true }))',
  'local data, stat = zk.get("/app", true)',
  'print("get", data, stat.version, stat.numChildren)',
  'print("set", zk.set("/app", "v1", 0).version, zk.set("/app", "v2", 0))',
  'local e = zk.wait_event()',
  'print("event", e.type, e.path)',
  'print("exists", zk.exists("/app/n-0000000001").ephemeralOwner == zk.session_id(), zk.exists("/none"))',
  'local kids = zk.children("/app", function(ev) print("child watch", ev.type, ev.path) end)',
  'table.sort(kids)',
  'print("children", table.concat(kids, " "))',
  'local r = zk.multi({ { op = "create", path = "/app/m" }, { op = "check", path = "/app", version = 1 } })',
  'print("multi", #r, r[1].op, r[1].path, r[2].op)',
  'local no, err, res = zk.multi({ { op = "delete", path = "/app/m" }, { op = "check", path = "/app", version = 9 } })',
  'print("multi failed", no, err, res[1].err, res[2].err)',
  'zk.sleep(10)',
  'print("sync", zk.sync("/app"), (zk.get("/app")))',
  'print("add_watch", zk.add_watch("/app", "persistent_recursive"))',
  'zk.set("/app/m", "x")',
  'local pe = zk.wait_event()',
  'print("persistent", pe.type, pe.path)',
  'print("remove_watches", zk.remove_watches("/app"), zk.remove_watches("/app"))',
  'print("add_auth", zk.add_auth("digest", "u:p"))',
  'zk.create("/private", "s", { acl = "creator_all" })',
  'print("get_acl", zk.get_acl("/private")[1]:match("^cdrwa:digest:u:") ~= nil, #zk.get_acl("/app"))',
  'print("delete", zk.delete("/app/m"), zk.delete("/app/m"))',
  'print("set_acl", zk.set_acl("/app", "read").aversion, zk.set("/app", "no"))',
  'local t0 = zk.now()',
  'print("wait_event", zk.wait_event(300), zk.now() - t0)',
  'zk.sleep(200)',
  'print("sleep", zk.now() - t0)',
  'zk.mark("done", { calls = 21 })',
  'print("close", zk.close(), zk.state(), zk.get("/app"))',
);

const EVERY_CALL_OUTPUT = [
  'state\tCONNECTED\ttrue',
  'create\t/app\tnil\tNodeExists',
  'seq\t/app/n-0000000000\t/app/n-0000000001',
  'get\tv0\t0\t2',
  'set\t1\tnil\tBadVersion',
  'event\tNodeDataChanged\t/app',
  'exists\ttrue\tnil',
  'children\tn-0000000000 n-0000000001',
  // The watch event comes before the multi's reply, so the callback runs first.
  'child watch\tNodeChildrenChanged\t/app',
  'multi\t2\tcreate\t/app/m\tcheck',
  'multi failed\tnil\tBadVersion\tRolledBack\tBadVersion',
  'sync\ttrue\tv1',
  'add_watch\ttrue',
  'persistent\tNodeDataChanged\t/app/m',
  'remove_watches\ttrue\tnil\tNoWatcher',
  'add_auth\ttrue',
  'get_acl\ttrue\t1',
  'delete\ttrue\tnil\tNoNode',
  'set_acl\t1\tnil\tNoAuth',
  'wait_event\tnil\t300',
  'sleep\t500',
  'close\ttrue\tCLOSED\tnil\tSessionExpired',
];

describe('every zk call', () => {
  for (const [name, servers] of [
    ['a standalone server', {}],
    ['a 3-server ensemble', ENSEMBLE],
  ] as const) {
    it(`gives the documented results against ${name}`, async () => {
      const { events } = await simulateLua({
        ...servers,
        clients: [{ name: 'c', start: 1000, script: EVERY_CALL }],
      });
      expect(luaErrors(events)).toEqual([]);
      expect(logsOf(events)).toEqual(EVERY_CALL_OUTPUT);
      expect(ofKind(events, 'lua.mark', 'c')).toEqual([
        expect.objectContaining({ name: 'done', fields: { calls: 21 } }),
      ]);
      expect(finished(events)).toBe(true);
    });
  }

  it('reads and writes from clients on different servers agree after sync', async () => {
    const { events } = await simulateLua({
      ...ENSEMBLE,
      clients: [
        {
          name: 'w',
          connect: [1],
          start: 1000,
          script: lua('for i = 1, 5 do zk.create("/k" .. i, tostring(i)) end', 'zk.mark("written")'),
        },
        {
          name: 'r',
          connect: [2],
          start: 1000,
          script: lua(
            'repeat zk.sleep(50) until zk.exists("/k5")',
            'zk.sync("/")',
            'local out = {}',
            'for i = 1, 5 do out[i] = zk.get("/k" .. i) end',
            'print(table.concat(out, ","))',
          ),
        },
      ],
    });
    expect(luaErrors(events)).toEqual([]);
    expect(logsOf(events, 'r')).toEqual(['1,2,3,4,5']);
    expect(ofKind(events, 'client.session', 'w')[0]!.server).toBe(1);
    expect(ofKind(events, 'client.session', 'r')[0]!.server).toBe(2);
  });
});

describe('a crash of the server the client is connected to', () => {
  const script = lua(
    'local function await(state)',
    '  repeat local e = zk.wait_event() until e.type == "None" and e.state == state',
    'end',
    'await("SyncConnected")',
    'zk.create("/eph", "", { ephemeral = true })',
    'zk.create("/cfg", "v1")',
    'zk.get("/cfg", true)', // one-shot data watch, to the queue
    'zk.exists("/later", function(e) print("exists watch", e.type, e.path) end)',
    'local sid = zk.session_id()',
    'zk.sleep(1000)', // the server is paused at 2000: the get below gets no answer
    'print(zk.get("/cfg"))', // the server crashes at 3000 with it in flight
    'await("Disconnected")',
    'await("SyncConnected")',
    'print("same session", zk.session_id() == sid, zk.state())',
    'print("ephemeral kept", zk.exists("/eph").ephemeralOwner == sid)',
    'local e = zk.wait_event()',
    'print("data watch", e.type, e.path, (zk.get("/cfg")))',
    'zk.sleep(3000)',
  );
  const base = {
    ...ENSEMBLE,
    duration: 15_000,
    clients: [
      { name: 'c', start: 1000, sessionTimeout: 6000, script },
      // Writes while c is away (or just back): after the new leader is up.
      {
        name: 'writer',
        start: 4500,
        script: lua('zk.set("/cfg", "v2")', 'zk.create("/later")'),
      },
    ],
  };

  async function run(): Promise<{ events: TraceEvent[]; sid: number }> {
    const sid = await firstServer(base);
    const crashed = `zk${sid}`;
    const others = [1, 2, 3].filter((s) => s !== sid);
    const doc = {
      ...base,
      clients: [base.clients[0], { ...base.clients[1], connect: others }],
      faults: [
        { at: 2000, action: 'pause', target: crashed },
        { at: 3000, action: 'crash', target: crashed },
      ],
    };
    const { events } = await simulateLua(doc);
    return { events, sid };
  }

  it('fails the call in flight with ConnectionLoss and reconnects elsewhere with the same session', async () => {
    const { events, sid } = await run();
    expect(luaErrors(events)).toEqual([]);
    const logs = logsOf(events, 'c');
    expect(logs[0]).toBe('nil\tConnectionLoss');
    expect(logs.slice(1, 3)).toEqual(['same session\ttrue\tCONNECTED', 'ephemeral kept\ttrue']);
    const lost = ofKind(events, 'client.reply', 'c').find((e) => !e.ok)!;
    expect(lost).toMatchObject({ op: 'get', path: '/cfg', err: 'ConnectionLoss' });
    expect(lost.t).toBeGreaterThanOrEqual(3000);
    const sessions = ofKind(events, 'client.session', 'c');
    expect(sessions).toHaveLength(2);
    expect(sessions[0]).toMatchObject({ state: 'SyncConnected', server: sid });
    expect(sessions[1]).toMatchObject({ state: 'SyncConnected', moved: true, session: sessions[0]!.session });
    expect(sessions[1]!.server).not.toBe(sid);
    const states = ofKind(events, 'client.event', 'c')
      .filter((e) => e.type === 'None')
      .map((e) => e.state);
    expect(states).toEqual(['SyncConnected', 'Disconnected', 'SyncConnected']);
  });

  it('re-registers the watches set before the crash (SetWatches): both fire after the reconnect', async () => {
    const { events } = await run();
    expect(luaErrors(events)).toEqual([]);
    const logs = logsOf(events, 'c');
    expect(logs).toContain('data watch\tNodeDataChanged\t/cfg\tv2');
    expect(logs).toContain('exists watch\tNodeCreated\t/later');
    const reconnected = ofKind(events, 'client.session', 'c')[1]!;
    const setWatches = events.filter(
      (e) => e.kind === 'net.send' && e.from === 'c' && e.type === 'SetWatches',
    );
    expect(setWatches).toHaveLength(1);
    expect(setWatches[0]!.t).toBe(reconnected.t);
    for (const e of ofKind(events, 'client.event', 'c').filter((x) => x.type !== 'None'))
      expect(e.t).toBeGreaterThanOrEqual(reconnected.t);
  });
});

describe('changes made while the client was away', () => {
  it('fire at once when SetWatches reaches the server: data, exists and child watches', async () => {
    const { events } = await simulateLua({
      ...ENSEMBLE,
      duration: 12_000,
      network: { latency: { distribution: 'uniform', min: 1, jitter: 2 }, detectMs: 500 },
      clients: [
        {
          name: 'c',
          start: 1000,
          sessionTimeout: 8000,
          script: lua(
            'zk.create("/cfg", "v1")',
            'zk.create("/dir")',
            'zk.get("/cfg", function(e) print(e.type, e.path) end)',
            'zk.exists("/new", function(e) print(e.type, e.path) end)',
            'zk.children("/dir", function(e) print(e.type, e.path) end)',
            'repeat local e = zk.wait_event() until e.state == "Disconnected"',
            'repeat local e = zk.wait_event() until e.state == "SyncConnected"',
            'zk.sleep(100)',
          ),
        },
        {
          name: 'writer',
          start: 3000,
          script: lua('zk.set("/cfg", "v2")', 'zk.create("/new")', 'zk.create("/dir/kid")'),
        },
      ],
      faults: [
        { at: 2000, action: 'partition', groups: [['c'], ['zk1', 'zk2', 'zk3', 'writer']] },
        { at: 5000, action: 'heal' },
      ],
    });
    expect(luaErrors(events)).toEqual([]);
    expect([...logsOf(events, 'c')].sort()).toEqual([
      'NodeChildrenChanged\t/dir',
      'NodeCreated\t/new',
      'NodeDataChanged\t/cfg',
    ]);
    const back = ofKind(events, 'client.session', 'c').find((e) => e.moved)!;
    expect(back.t).toBeGreaterThan(5000);
    const lastWrite = ofKind(events, 'client.reply', 'writer').at(-1)!;
    expect(lastWrite.t).toBeLessThan(5000);
    // No txn fired them: they come within one round trip of the reconnect.
    for (const e of ofKind(events, 'lua.log', 'c')) expect(e.t - back.t).toBeLessThanOrEqual(10);
  });
});

describe('the outcome of a call that failed with ConnectionLoss is unknown', () => {
  it('a create whose reply was lost did happen', async () => {
    const base = {
      ...ENSEMBLE,
      duration: 12_000,
      clients: [
        {
          name: 'c',
          start: 1000,
          sessionTimeout: 6000,
          script: lua(
            'repeat local e = zk.wait_event() until e.state == "SyncConnected"',
            'zk.sleep(1000)',
            'print(zk.create("/job", "payload"))', // its reply is lost: the connection breaks
            'repeat local e = zk.wait_event() until e.state == "SyncConnected"',
            'print(zk.get("/job"))',
          ),
        },
      ],
    };
    const sid = await firstServer(base);
    const { events } = await simulateLua({
      ...base,
      faults: [
        // The next packet from the server to c (no ping is due before the reply) is lost.
        { at: 1500, action: 'drop', from: `zk${sid}`, to: 'c', rate: 1 },
        { at: 2500, action: 'drop', from: `zk${sid}`, to: 'c', rate: 0 },
      ],
    });
    expect(luaErrors(events)).toEqual([]);
    const logs = logsOf(events, 'c');
    expect(logs[0]).toBe('nil\tConnectionLoss');
    expect(logs[1]).toMatch(/^payload\ttable: /);
    const lost = ofKind(events, 'client.reply', 'c')[0]!;
    expect(lost).toMatchObject({ op: 'create', ok: false, err: 'ConnectionLoss' });
    const commit = ofKind(events, 'txn.commit').find((e) => e.type === 'create2')!;
    expect(commit.t).toBeLessThan(lost.t);
    expect(events.some((e) => e.kind === 'net.drop' && e.to === 'c' && e.type === 'Reply')).toBe(true);
  });
});

describe('a partition longer than the session timeout', () => {
  it('expires the session: SessionExpired for every call, state CLOSED, ephemerals gone for the others', async () => {
    const { events } = await simulateLua({
      ...ENSEMBLE,
      duration: 20_000,
      network: { latency: { distribution: 'uniform', min: 1, jitter: 2 }, detectMs: 500 },
      clients: [
        {
          name: 'c',
          start: 1000,
          sessionTimeout: 3000,
          script: lua(
            'zk.create("/lock", "", { ephemeral = true })',
            'repeat local e = zk.wait_event() until e.state == "Disconnected"',
            'repeat local e = zk.wait_event() until e.state == "Expired"',
            'print(zk.state(), zk.now() > 10000)',
            'print(zk.create("/lock", "", { ephemeral = true }))',
            'print(zk.exists("/lock"))',
            'print(zk.get_acl("/"))',
            'print(zk.add_auth("digest", "a:b"))',
            'print(zk.sync())',
          ),
        },
        {
          name: 'other',
          start: 1000,
          connect: [1],
          script: lua(
            'repeat zk.sleep(100) until zk.exists("/lock")',
            'zk.exists("/lock", true)',
            'repeat local e = zk.wait_event() until e.type == "NodeDeleted"',
            'print("lock released", zk.now() < 10000)',
          ),
        },
      ],
      faults: [
        { at: 2000, action: 'partition', groups: [['c'], ['zk1', 'zk2', 'zk3', 'other']] },
        { at: 10_000, action: 'heal' },
      ],
    });
    expect(luaErrors(events)).toEqual([]);
    expect(logsOf(events, 'c')).toEqual([
      'CLOSED\ttrue',
      'nil\tSessionExpired',
      'nil\tSessionExpired',
      'nil\tSessionExpired',
      'nil\tSessionExpired',
      'nil\tSessionExpired',
    ]);
    expect(logsOf(events, 'other')).toEqual(['lock released\ttrue']);
    expect(ofKind(events, 'client.session', 'c').map((e) => e.state)).toEqual(['SyncConnected', 'Expired']);
  });
});
