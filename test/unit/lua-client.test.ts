// The Lua client API (docs/lua-api.md) against a standalone server: results in the Lua idiom, watch
// forms, events, Stat and ACL shapes, multi, argument and runtime errors, the budget, the trace,
// and the session's behaviour across a server crash, a long partition and a close.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../src/sim/trace/event.ts';
import { finished, logsOf, luaErrors, runScript, simulateLua } from '../support/lua-run.ts';
import { ofKind } from '../support/run.ts';

/** A script from lines (so the line numbers asserted below are plain to see). */
const lua = (...lines: string[]) => `${lines.join('\n')}\n`;

/** Runs one client `c` and expects it to end normally; returns its printed lines and the trace. */
async function ok(
  script: string,
  doc: Record<string, unknown> = {},
  client: Record<string, unknown> = {},
): Promise<{ logs: string[]; events: TraceEvent[] }> {
  const { events } = await runScript(script, doc, client);
  expect(luaErrors(events)).toEqual([]);
  expect(finished(events)).toBe(true);
  return { logs: logsOf(events), events };
}

describe('node calls return the value, or nil and the error code name', () => {
  it('create, get, set, delete, exists and children', async () => {
    const { logs } = await ok(
      lua(
        'print(zk.create("/a", "v1"))',
        'print(zk.create("/a", "v2"))',
        'local data, stat = zk.get("/a")',
        'print(data, stat.version, stat.dataLength, math.type(stat.mzxid))',
        'print(zk.set("/a", "v2", 0).version, zk.set("/a", "v3", 0))',
        'print(zk.exists("/a").version, zk.exists("/none"), select("#", zk.exists("/none")))',
        'zk.create("/a/x"); zk.create("/a/y")',
        'local names, pstat = zk.children("/a")',
        'table.sort(names)',
        'print(table.concat(names, " "), pstat.numChildren, pstat.cversion)',
        'print(zk.delete("/a"))',
        'print(zk.delete("/a/x", 3))',
        'local r1 = zk.delete("/a/x"); local r2 = zk.delete("/a/y", 0)',
        'print(r1, r2, zk.delete("/a"))',
        'print(zk.get("/a"))',
        'print(zk.children("/a"))',
        'print(zk.set("/a", "x"))',
      ),
    );
    expect(logs).toEqual([
      '/a',
      'nil\tNodeExists',
      'v1\t0\t2\tinteger',
      '1\tnil\tBadVersion',
      '1\tnil\t1',
      'x y\t2\t2',
      'nil\tNotEmpty',
      'nil\tBadVersion',
      'true\ttrue\ttrue',
      'nil\tNoNode',
      'nil\tNoNode',
      'nil\tNoNode',
    ]);
  });

  it('data: nil reads back as nil, numbers and booleans are sent as strings', async () => {
    const { logs } = await ok(
      lua(
        'zk.create("/n"); zk.create("/num", 42); zk.create("/b", true)',
        'local d, s = zk.get("/n")',
        'print(d == nil, s.dataLength, zk.get("/num") == "42", (zk.get("/b")))',
        'zk.set("/n", 2.5)',
        'print((zk.get("/n")))',
      ),
    );
    expect(logs).toEqual(['true\t0\ttrue\ttrue', '2.5']);
  });

  it('sequential names count the creates under the parent in 10 digits; ephemeral owners are the session id', async () => {
    const { logs } = await ok(
      lua(
        'zk.create("/q")',
        'zk.create("/q/plain")',
        'print(zk.create("/q/n-", "", { sequential = true }))',
        'print(zk.create("/q/n-", "", { sequential = true, ephemeral = true }))',
        'zk.delete("/q/plain")',
        // A delete does not count (ZooKeeper's stored cversion counts creates; the Stat's adds deletes).
        'print(zk.create("/q/n-", "", { sequential = true }), zk.exists("/q").cversion)',
        'local stat = zk.exists("/q/n-0000000002")',
        'print(stat.ephemeralOwner == zk.session_id(), stat.ephemeralOwner)',
        'print(zk.exists("/q/n-0000000001").ephemeralOwner)',
      ),
    );
    expect(logs).toEqual([
      '/q/n-0000000001',
      '/q/n-0000000002',
      '/q/n-0000000003\t5',
      'true\t0x100000000000000',
      '0x0',
    ]);
  });

  it('Stat: the eleven fields, zxids as integers that order the writes', async () => {
    const { logs, events } = await ok(
      lua(
        'zk.create("/s", "abc")',
        'local s1 = zk.set("/s", "abcd")',
        'zk.create("/s/kid")',
        'local _, s = zk.get("/s")',
        'local keys = {}',
        'for k, v in pairs(s) do keys[#keys + 1] = k .. "=" .. (math.type(v) or type(v)) end',
        'table.sort(keys)',
        'print(table.concat(keys, " "))',
        'print(s.czxid < s.mzxid, s.mzxid < s.pzxid, s.mzxid == s1.mzxid, s.version, s.cversion, s.numChildren)',
        'print(string.format("0x%x 0x%x 0x%x", s.czxid, s.mzxid, s.pzxid), s.ctime <= s.mtime)',
      ),
    );
    expect(logs[0]).toBe(
      'aversion=integer ctime=integer cversion=integer czxid=integer dataLength=integer ' +
        'ephemeralOwner=string mtime=integer mzxid=integer numChildren=integer pzxid=integer version=integer',
    );
    expect(logs[1]).toBe('true\ttrue\ttrue\t1\t1\t1');
    // The zxids Lua sees are the ones the trace writes in hex.
    const reply = ofKind(events, 'client.reply', 'c').find((e) => e.op === 'get')!;
    const stat = reply.result!.stat!;
    expect(logs[2]).toBe(`${stat.czxid} ${stat.mzxid} ${stat.pzxid}\ttrue`);
  });
});

describe('multi', () => {
  it('returns one result per op on success', async () => {
    const { logs } = await ok(
      lua(
        'zk.create("/m", "0")',
        'local r = zk.multi({',
        '  { op = "create", path = "/m/e-", data = "x", opts = { ephemeral = true, sequential = true } },',
        '  { op = "set", path = "/m", data = "1", version = 0 },',
        '  { op = "check", path = "/m", version = 1 },',
        '  { op = "delete", path = "/m/e-0000000000" },',
        '})',
        'for i, x in ipairs(r) do print(i, x.op, x.path, x.stat and x.stat.version, x.stat and x.stat.ephemeralOwner == zk.session_id()) end',
        'print(#zk.multi({}), zk.exists("/m/e-0000000000"), (zk.get("/m")))',
      ),
    );
    expect(logs).toEqual([
      // A plain create inside a multi answers with its path only (CreateResponse, issue #12 item 7).
      '1\tcreate\t/m/e-0000000000\tnil\tnil',
      '2\tset\tnil\t1\tfalse',
      '3\tcheck\tnil\tnil\tnil',
      '4\tdelete\tnil\tnil\tnil',
      '0\tnil\t1',
    ]);
  });

  it('on failure returns nil, the failing code and every op as an error; nothing is applied', async () => {
    const { logs, events } = await ok(
      lua(
        'zk.create("/m", "0")',
        'local r, err, results = zk.multi({',
        '  { op = "set", path = "/m", data = "1" },',
        '  { op = "create", path = "/m/a" },',
        '  { op = "create", path = "/nope/b" },',
        '  { op = "delete", path = "/m" },',
        '})',
        'print(r, err, #results)',
        'for _, x in ipairs(results) do print(x.op, x.err) end',
        'print((zk.get("/m")), zk.exists("/m/a"))',
      ),
    );
    expect(logs).toEqual([
      'nil\tNoNode\t4',
      'error\tRolledBack',
      'error\tRolledBack',
      'error\tNoNode',
      'error\tRuntimeInconsistency',
      '0\tnil',
    ]);
    const reply = ofKind(events, 'client.reply', 'c').find((e) => e.op === 'multi');
    expect(reply).toMatchObject({ ok: false, err: 'NoNode', path: '/m' });
  });
});

describe('ACLs and add_auth', () => {
  it('named lists, explicit entries, get_acl strings, set_acl versions, digest auth across two sessions', async () => {
    const { events } = await simulateLua({
      clients: [
        {
          name: 'alice',
          script: lua(
            'print(zk.create("/secret", "s", { acl = "creator_all" }))',
            'print(zk.add_auth("digest", "alice:pw"))',
            'print(zk.create("/secret", "s", { acl = "creator_all" }))',
            'local acl, stat = zk.get_acl("/secret")',
            'print(#acl, acl[1], stat.aversion)',
            'zk.create("/ro", "r", { acl = "read" })',
            'print(table.concat(zk.get_acl("/ro"), ","), zk.set("/ro", "w"))',
            'zk.create("/open")',
            'print(zk.get_acl("/open")[1])',
            'print(zk.set_acl("/open", { "r:world:anyone", "cdrwa:ip:10.0.1.2" }, 0).aversion)',
            'print(zk.set_acl("/open", "open", 0))',
            'print(zk.add_auth("sasl", "x"))',
            'zk.mark("ready")',
          ),
        },
        {
          name: 'bob',
          start: 1000,
          script: lua(
            'print(zk.get("/secret"))',
            'zk.add_auth("digest", "alice:wrong")',
            'print(zk.get("/secret"))',
            'zk.add_auth("digest", "alice:pw")',
            'print((zk.get("/secret")))',
            // The ip entry names bob's address (clients are 10.0.1.<index + 1>).
            'print(zk.set("/open", "x").version)',
          ),
        },
      ],
    });
    expect(luaErrors(events)).toEqual([]);
    expect(logsOf(events, 'alice')).toEqual([
      'nil\tInvalidACL',
      'true',
      '/secret',
      `1\tcdrwa:digest:alice:${createHash('sha1').update('alice:pw').digest('base64')}\t0`,
      'r:world:anyone\tnil\tNoAuth',
      'cdrwa:world:anyone',
      '1',
      // alice (10.0.1.1) lost ADMIN with the new ACL: the ACL is checked before the version.
      'nil\tNoAuth',
      'nil\tAuthFailed',
    ]);
    expect(logsOf(events, 'bob')).toEqual(['nil\tNoAuth', 'nil\tNoAuth', 's', '1']);
  });
});

describe('watches', () => {
  it('true sends one-shot events to the queue, which starts with SyncConnected', async () => {
    const { logs, events } = await ok(
      lua(
        'local function show(e) if e then print(e.type, e.path, e.state) else print("timeout") end end',
        'show(zk.wait_event())',
        'zk.create("/w", "0")',
        'zk.get("/w", true)',
        'zk.exists("/new", true)',
        'zk.children("/w", true)',
        'zk.set("/w", "1")',
        'show(zk.wait_event())',
        'zk.set("/w", "2")', // the data watch was consumed: no second event
        'show(zk.wait_event(100))',
        'zk.create("/new")',
        'show(zk.wait_event())',
        'zk.create("/w/kid")',
        'show(zk.wait_event())',
        'zk.get("/w", true)',
        'zk.children("/w", true)',
        'zk.delete("/w/kid")',
        'show(zk.wait_event())',
        'zk.delete("/w")', // both a data and a child watch: one NodeDeleted for the queue
        'show(zk.wait_event())',
        'show(zk.wait_event(100))',
      ),
    );
    expect(logs).toEqual([
      'None\tnil\tSyncConnected',
      'NodeDataChanged\t/w\tnil',
      'timeout',
      'NodeCreated\t/new\tnil',
      'NodeChildrenChanged\t/w\tnil',
      'NodeChildrenChanged\t/w\tnil',
      'NodeDeleted\t/w\tnil',
      'timeout',
    ]);
    expect(
      ofKind(events, 'client.event', 'c')
        .filter((e) => e.type !== 'None')
        .map((e) => `${e.type} ${e.path}`),
    ).toEqual([
      'NodeDataChanged /w',
      'NodeCreated /new',
      'NodeChildrenChanged /w',
      'NodeChildrenChanged /w',
      'NodeDeleted /w',
    ]);
  });

  it('a function is called with the event in its own task, may call zk, and runs while main waits', async () => {
    const { logs } = await ok(
      lua(
        'zk.create("/f", "0")',
        'local seen = {}',
        'local function cb(e)',
        '  seen[#seen + 1] = e.type',
        '  local data = zk.get("/f", cb)', // re-arm, from inside the callback
        '  print("cb", e.type, e.path, data, e.state)',
        'end',
        'zk.get("/f", cb)',
        'zk.set("/f", "1")',
        'zk.sleep(50)',
        'zk.set("/f", "2")',
        'zk.sleep(50)',
        'print("main", #seen)',
      ),
    );
    expect(logs).toEqual(['cb\tNodeDataChanged\t/f\t1\tnil', 'cb\tNodeDataChanged\t/f\t2\tnil', 'main\t2']);
  });

  it('the same function set twice on a path fires once; true and a function on one path both fire', async () => {
    const { logs } = await ok(
      lua(
        'zk.create("/d", "0")',
        'zk.wait_event()',
        'local n = 0',
        'local function cb() n = n + 1 end',
        'zk.get("/d", cb); zk.get("/d", cb); zk.exists("/d", cb)',
        'zk.get("/d", true); zk.exists("/d", true)',
        'zk.set("/d", "1")',
        'zk.sleep(20)',
        'print(n, zk.wait_event(0).type, zk.wait_event(0))',
      ),
    );
    expect(logs).toEqual(['1\tNodeDataChanged\tnil']);
  });

  it('add_watch: persistent and persistent_recursive stay; remove_watches removes them; NoWatcher otherwise', async () => {
    const { logs } = await ok(
      lua(
        'zk.create("/p"); zk.create("/r")',
        'zk.wait_event()',
        'local rec = {}',
        'print(zk.add_watch("/p"))', // persistent, to the queue
        'print(zk.add_watch("/r", "persistent_recursive", function(e) rec[#rec + 1] = e.type .. " " .. e.path end))',
        'zk.create("/p/a"); zk.set("/p", "1"); zk.set("/p", "2"); zk.set("/p/a", "x")',
        'zk.create("/r/a"); zk.create("/r/a/b"); zk.set("/r", "1"); zk.delete("/r/a/b")',
        'zk.sleep(20)',
        'local q = {}',
        'while true do local e = zk.wait_event(0); if not e then break end; q[#q + 1] = e.type .. " " .. e.path end',
        'print(table.concat(q, ","))',
        'print(table.concat(rec, ","))',
        'print(zk.remove_watches("/p", "data"))',
        'zk.set("/p", "3"); zk.create("/p/b")',
        'zk.sleep(20)',
        'print(zk.wait_event(0).type, zk.wait_event(0))',
        'print(zk.remove_watches("/p"))',
        'print(zk.remove_watches("/p"))',
        'print(zk.remove_watches("/r", "any"))',
        'zk.create("/p/c"); zk.create("/r/c")',
        'zk.sleep(20)',
        'print(zk.wait_event(0), #rec)',
        'print(pcall(zk.add_watch, "/p", "recursive"))',
      ),
    );
    expect(logs).toEqual([
      'true',
      'true',
      'NodeChildrenChanged /p,NodeDataChanged /p,NodeDataChanged /p',
      'NodeCreated /r/a,NodeCreated /r/a/b,NodeDataChanged /r,NodeDeleted /r/a/b',
      // "data" removes the data side only: the child side of the persistent watch stays.
      'true',
      'NodeChildrenChanged\tnil',
      'true',
      'nil\tNoWatcher',
      'true',
      'nil\t4',
      'false\tzk.add_watch: mode must be "persistent" or "persistent_recursive"',
    ]);
  });

  it('wait_event with a timeout returns nil after exactly that long; a queued event comes at once', async () => {
    const { logs } = await ok(
      lua(
        'local t0 = zk.now()',
        'local e = zk.wait_event(1000)',
        'print(e.state, zk.now() - t0 < 1000)',
        't0 = zk.now()',
        'print(zk.wait_event(1234), zk.now() - t0)',
        'print(zk.wait_event(0), zk.now() - t0)',
      ),
    );
    expect(logs).toEqual(['SyncConnected\ttrue', 'nil\t1234', 'nil\t1234']);
  });

  it('several tasks waiting on the queue are served in the order they started waiting', async () => {
    const { logs } = await ok(
      lua(
        'zk.wait_event()',
        'zk.create("/a"); zk.create("/b")',
        'zk.exists("/a", function() print("first", zk.wait_event().path) end)',
        'zk.exists("/b", function() print("second", zk.wait_event().path) end)',
        'zk.set("/a", "1"); zk.set("/b", "1")',
        'zk.get("/a", true); zk.get("/b", true)',
        'zk.sleep(10)',
        'zk.set("/a", "2"); zk.set("/b", "2")',
        'zk.sleep(10)',
      ),
    );
    expect(logs).toEqual(['first\t/a', 'second\t/b']);
  });
});

describe('errors', () => {
  // Each bad call, alone on line 2 of a script: the error names the line and nothing is sent.
  const BAD_CALLS: [string, string][] = [
    ['zk.create(42)', 'zk.create: path must be a string, got number'],
    ['zk.create("/x", {})', 'zk.create: data must be a string or nil, got a list'],
    ['zk.create("/x", "d", "ephemeral")', 'zk.create: opts must be a table, got string'],
    [
      'zk.create("/x", "d", { ephemral = true })',
      "zk.create: unknown option 'ephemral' (ephemeral, sequential, container, ttl, acl, flags, opcode)",
    ],
    ['zk.create("/x", "d", { ttl = "1s" })', 'zk.create: ttl must be a number of ms'],
    [
      'zk.create("/x", "d", { acl = "public" })',
      "zk.create: bad acl: unknown ACL name 'public' (expected 'open', 'creator_all' or 'read')",
    ],
    ['zk.get("/x", 1)', 'zk.get: watch must be true, a function or nil'],
    ['zk.set("/x", "d", 1.5)', 'zk.set: version must be an integer, got number'],
    ['zk.delete(nil)', 'zk.delete: path must be a string, got nil'],
    ['zk.multi({ op = "create" })', 'zk.multi: ops must be a list of tables, got a table'],
    ['zk.multi({ "create" })', 'zk.multi: op 1 must be a table'],
    [
      'zk.multi({ { op = "check", path = "/" }, { op = "exists", path = "/" } })',
      'zk.multi (op 2): op must be "create", "delete", "set", "check", "get" or "children"',
    ],
    [
      'zk.set_acl("/x", { "rwx:world:anyone" })',
      "zk.set_acl: bad acl[0]: unknown perms letter 'x' (perms are a subset of 'cdrwa')",
    ],
    ['zk.add_auth("digest")', 'zk.add_auth: scheme and credential must be strings'],
    [
      'zk.remove_watches("/x", "all")',
      'zk.remove_watches: kind must be "children", "data" or "any", got string',
    ],
    ['zk.sleep(-5)', 'zk.sleep: ms must be a finite number ≥ 0, got number'],
    ['zk.mark({})', 'zk.mark: the first argument must be a name'],
    ['zk.mark("m", { 1, 2 })', 'zk.mark: fields must be a table'],
    ['zk:get("/x")', 'call zk.get(...) with a dot, not zk:get(...)'],
  ];

  it.each(BAD_CALLS)('%s raises a Lua error at the script line, and sends nothing', async (call, message) => {
    const { events } = await runScript(lua('zk.sync()', `${call}`, 'print("not reached")'));
    expect(luaErrors(events)).toEqual([
      expect.objectContaining({ message: `client.lua:2: ${message}`, line: 2, reason: 'runtime' }),
    ]);
    expect(logsOf(events)).toEqual([]);
    expect(ofKind(events, 'client.request', 'c').map((e) => e.op)).toEqual(['sync']);
    expect(finished(events)).toBe(false);
  });

  it('argument errors can be caught with pcall; the script goes on', async () => {
    const { logs } = await ok(
      lua(
        'local ok, err = pcall(function() local p = zk.create(1) end)',
        'print(ok, err)',
        'print(pcall(zk.get))',
        'print(zk.create("/after"))',
      ),
    );
    expect(logs).toEqual([
      'false\tclient.lua:1: zk.create: path must be a string, got number',
      'false\tzk.get: path must be a string, got nil',
      '/after',
    ]);
  });

  it('a runtime error stops the script with lua.error at its line; the session stays open', async () => {
    const { events } = await simulateLua({
      duration: 20_000,
      clients: [
        {
          name: 'c',
          sessionTimeout: 4000,
          script: lua('zk.create("/mine", "", { ephemeral = true })', 'local t = {}', 'print(t.x.y)'),
        },
        { name: 'later', start: 15_000, script: lua('print(zk.exists("/mine") ~= nil)') },
      ],
    });
    expect(luaErrors(events)).toEqual([
      expect.objectContaining({
        client: 'c',
        message: "client.lua:3: attempt to index a nil value (field 'x')",
        line: 3,
        reason: 'runtime',
      }),
    ]);
    expect(finished(events, 'c')).toBe(false);
    // 15 s later — far beyond the 4 s timeout — the session still holds its ephemeral node.
    expect(logsOf(events, 'later')).toEqual(['true']);
    expect(ofKind(events, 'client.session', 'c').map((e) => e.state)).toEqual(['SyncConnected']);
  });

  it('a syntax error is a lua.error with reason syntax and the line; nothing runs', async () => {
    const { events } = await runScript(lua('print("a")', 'local x = = 1'));
    expect(luaErrors(events)).toEqual([
      expect.objectContaining({
        line: 2,
        reason: 'syntax',
        message: expect.stringMatching(/^client\.lua:2: /),
      }),
    ]);
    expect(logsOf(events)).toEqual([]);
  });

  it('an error in a watch function stops that function only', async () => {
    const { events } = await runScript(
      lua(
        'zk.create("/w")',
        'zk.get("/w", function(e)',
        '  error("callback broke")',
        'end)',
        'zk.set("/w", "1")',
        'zk.sleep(20)',
        'print("main goes on", zk.state())',
      ),
    );
    expect(luaErrors(events)).toEqual([
      expect.objectContaining({ message: 'client.lua:3: callback broke', line: 3, reason: 'runtime' }),
    ]);
    expect(logsOf(events)).toEqual(['main goes on\tCONNECTED']);
    expect(finished(events)).toBe(true);
  });

  it('a spent budget stops the whole VM (reason budget) while the simulation and the other clients go on', async () => {
    const { events } = await simulateLua({
      duration: 5000,
      clients: [
        {
          name: 'spin',
          script: lua(
            'zk.create("/s")',
            'zk.exists("/s", function(e) print("never", e.type) end)',
            'local n = 0',
            'while true do n = n + 1 end',
          ),
        },
        {
          name: 'other',
          start: 1000,
          script: lua(
            'zk.set("/s", "1")',
            'zk.sleep(1000)',
            'print("other", zk.now(), zk.exists("/s").version)',
          ),
        },
      ],
    });
    expect(luaErrors(events)).toEqual([
      expect.objectContaining({
        client: 'spin',
        message:
          'client.lua:4: budget exceeded: 5000000 units of work without virtual time advancing (20001000 instructions)',
        line: 4,
        reason: 'budget',
      }),
    ]);
    // The watch fired (the session is alive) but no task of the stopped VM runs again.
    expect(ofKind(events, 'client.event', 'spin').some((e) => e.type === 'NodeDataChanged')).toBe(true);
    expect(logsOf(events, 'spin')).toEqual([]);
    expect(logsOf(events, 'other')).toEqual([expect.stringMatching(/^other\t20\d\d\t1$/)]);
    expect(finished(events, 'other')).toBe(true);
  });
});

describe('time, logs, marks and the trace', () => {
  it('sleep takes exactly its virtual time; now and os.time read the virtual clock', async () => {
    const { logs } = await ok(
      lua(
        'local t0 = zk.now()',
        'zk.sleep(1500)',
        'print(zk.now() - t0, math.type(zk.now()), os.time(), os.clock() == zk.now() / 1000)',
        'zk.sleep(0.6)',
        'print(zk.now() - t0)',
      ),
    );
    expect(logs).toEqual(['1500\tinteger\t1\ttrue', '1501']);
  });

  it('each server call is a client.request and a client.reply; log, mark and the end are lua.* events', async () => {
    const { events } = await ok(
      lua(
        'zk.create("/t", "v")',
        'zk.get("/t")',
        'zk.multi({ { op = "check", path = "/t" } })',
        'zk.add_auth("digest", "u:p")',
        'zk.log("hello", 1)',
        'zk.mark("fact", { n = 1, who = zk.session_id(), list = { 1, 2 } })',
        'zk.wait_event(); zk.sleep(1); zk.now(); zk.state()',
      ),
    );
    const mine = events.filter(
      (e) => e.client === 'c' && e.kind !== 'client.session' && e.kind !== 'client.event',
    );
    expect(mine.map((e) => `${e.kind} ${e.op ?? e.message ?? e.name ?? ''}`)).toEqual([
      'client.request create',
      'client.reply create',
      'client.request get',
      'client.reply get',
      'client.request multi',
      'client.reply multi',
      'client.request add_auth',
      'client.reply add_auth',
      'lua.log hello\t1',
      'lua.mark fact',
      'lua.done ',
    ]);
    expect(ofKind(events, 'client.request', 'c')[0]).toMatchObject({ op: 'create', path: '/t', xid: 1 });
    expect(ofKind(events, 'client.reply', 'c')[1]).toMatchObject({
      op: 'get',
      path: '/t',
      ok: true,
      result: { data: 'v', stat: { version: 0, ephemeralOwner: '0x0' } },
    });
    expect(ofKind(events, 'client.request', 'c')[3]).toMatchObject({ op: 'add_auth', path: null });
    expect(ofKind(events, 'lua.mark', 'c')[0]).toMatchObject({
      name: 'fact',
      fields: { n: 1, who: '0x100000000000000', list: [1, 2] },
    });
  });
});

describe('the session', () => {
  it('session_id is "0x0" until connected; state goes CONNECTING, CONNECTED, CLOSED', async () => {
    const { logs } = await ok(
      lua(
        'print(zk.session_id(), zk.state())',
        'zk.wait_event()',
        'print(zk.session_id(), zk.state())',
        'print(zk.close(), zk.state(), zk.session_id())',
      ),
    );
    expect(logs).toEqual([
      '0x0\tCONNECTING',
      '0x100000000000000\tCONNECTED',
      'true\tCLOSED\t0x100000000000000',
    ]);
  });

  it('close ends the session: its ephemerals go at once, Closed is queued, every later call is SessionExpired', async () => {
    const { events } = await simulateLua({
      clients: [
        {
          name: 'c',
          script: lua(
            'zk.create("/e", "", { ephemeral = true })',
            'zk.sleep(1000)',
            'print(zk.close())',
            'local seen = {}',
            'while true do local e = zk.wait_event(0); if not e then break end; seen[#seen + 1] = e.state end',
            'print(table.concat(seen, ","))',
            'print(zk.get("/"))',
            'print(zk.create("/x"))',
            'print(zk.sync())',
            'print(zk.close())',
          ),
        },
        {
          name: 'w',
          start: 500,
          script: lua(
            'zk.exists("/e", true)',
            'repeat local e = zk.wait_event() until e.type ~= "None"',
            'print(zk.now())',
          ),
        },
      ],
    });
    expect(luaErrors(events)).toEqual([]);
    expect(logsOf(events, 'c')).toEqual([
      'true',
      'SyncConnected,Closed',
      'nil\tSessionExpired',
      'nil\tSessionExpired',
      'nil\tSessionExpired',
      'true',
    ]);
    const closedAt = ofKind(events, 'client.session', 'c').find((e) => e.state === 'Closed')!.t;
    expect(Number(logsOf(events, 'w')[0])).toBeLessThanOrEqual(closedAt + 5);
    expect(ofKind(events, 'txn.commit').filter((e) => e.type === 'closeSession')).toHaveLength(1);
    // Calls after the end fail locally: a client.reply without a client.request.
    expect(ofKind(events, 'client.request', 'c').map((e) => e.op)).toEqual(['create']);
    expect(ofKind(events, 'client.reply', 'c').map((e) => `${e.op} ${e.err ?? 'ok'}`)).toEqual([
      'create ok',
      'get SessionExpired',
      'create SessionExpired',
      'sync SessionExpired',
    ]);
  });

  it('a script that returns without close keeps its session: pings, ephemerals and watch functions go on', async () => {
    const { events } = await simulateLua({
      duration: 30_000,
      clients: [
        {
          name: 'c',
          sessionTimeout: 4000,
          script: lua(
            'zk.create("/alive", "", { ephemeral = true })',
            'zk.create("/cfg", "0")',
            'zk.get("/cfg", function(e) print("after the end:", e.type, (zk.get("/cfg"))) end)',
          ),
        },
        {
          name: 'd',
          start: 20_000,
          script: lua('print(zk.exists("/alive") ~= nil)', 'zk.set("/cfg", "1")'),
        },
      ],
    });
    expect(luaErrors(events)).toEqual([]);
    const done = ofKind(events, 'lua.done', 'c')[0]!;
    expect(done.t).toBeLessThan(100);
    expect(logsOf(events, 'd')).toEqual(['true']);
    expect(ofKind(events, 'lua.log', 'c')).toEqual([
      expect.objectContaining({ message: 'after the end:\tNodeDataChanged\t1' }),
    ]);
    expect(ofKind(events, 'lua.log', 'c')[0]!.t).toBeGreaterThan(20_000);
    expect(ofKind(events, 'server.session').some((e) => e.op === 'expire')).toBe(false);
  });

  it('a call in flight when the server crashes fails with ConnectionLoss; the client reconnects with the same session', async () => {
    const { events } = await simulateLua({
      clients: [
        {
          name: 'c',
          sessionTimeout: 20_000,
          script: lua(
            'local function await(state)',
            '  repeat local e = zk.wait_event() until e.type == "None" and e.state == state',
            'end',
            'await("SyncConnected")',
            'zk.create("/kept", "v")',
            'zk.create("/eph", "", { ephemeral = true })',
            'local sid = zk.session_id()',
            'zk.sleep(1000)', // zk1 is paused at 500: the create below gets no answer
            'print(zk.create("/lost", "x"))', // zk1 crashes at 1500 with it in flight
            'print(zk.state())',
            'print(zk.get("/kept"))', // made while disconnected: waits for the reconnect
            'await("Disconnected")',
            'await("SyncConnected")',
            'print(zk.session_id() == sid, zk.state(), zk.exists("/eph").ephemeralOwner == sid)',
            'print(zk.exists("/lost"))',
          ),
        },
      ],
      faults: [
        { at: 500, action: 'pause', target: 'zk1' },
        { at: 1500, action: 'crash', target: 'zk1' },
        { at: 3000, action: 'restart', target: 'zk1' },
      ],
    });
    expect(luaErrors(events)).toEqual([]);
    const logs = logsOf(events);
    expect(logs[0]).toBe('nil\tConnectionLoss');
    expect(logs[1]).toBe('CONNECTING');
    expect(logs[2]).toMatch(/^v\ttable: 0x[0-9a-f]+$/);
    expect(logs.slice(3)).toEqual(['true\tCONNECTED\ttrue', 'nil']);
    const lost = ofKind(events, 'client.reply', 'c').find((e) => e.err === 'ConnectionLoss')!;
    expect(lost).toMatchObject({ op: 'create', path: '/lost' });
    expect(lost.t).toBeGreaterThanOrEqual(1500);
    expect(lost.t).toBeLessThan(1600);
    const sessions = ofKind(events, 'client.session', 'c');
    expect(sessions.map((e) => [e.state, e.moved ?? false])).toEqual([
      ['SyncConnected', false],
      ['SyncConnected', true],
    ]);
    expect(sessions[1]!.session).toBe(sessions[0]!.session);
    expect(sessions[1]!.t).toBeGreaterThan(3000);
  });

  it('after a partition longer than the timeout the session is Expired: CLOSED, and every call fails with SessionExpired', async () => {
    const { events } = await simulateLua({
      network: { latency: { distribution: 'uniform', min: 1, jitter: 2 }, detectMs: 1000 },
      clients: [
        {
          name: 'c',
          sessionTimeout: 4000,
          script: lua(
            'zk.create("/e", "", { ephemeral = true })',
            'zk.get("/e", function(e) print("callback", e.type) end)',
            'repeat local e = zk.wait_event() until e.state == "Disconnected"',
            'print(zk.state(), zk.now())',
            'print(zk.get("/e"))', // queued while disconnected: fails when the expiry is learnt
            'print(zk.state(), zk.now() > 12000)',
            'for _, call in ipairs({ "create", "get", "set", "delete", "exists", "children", "sync", "get_acl" }) do',
            '  local v, err = zk[call]("/e", nil)',
            '  print(call, v, err)',
            'end',
            'print(zk.multi({ { op = "check", path = "/" } }))',
            'repeat local e = zk.wait_event() until e.state == "Expired"',
            'print(zk.state(), zk.close())',
          ),
        },
        {
          name: 'w',
          start: 500,
          script: lua(
            'zk.exists("/e", true)',
            'repeat local e = zk.wait_event() until e.type ~= "None"',
            'print(zk.now())',
          ),
        },
      ],
      faults: [
        { at: 1000, action: 'partition', groups: [['c'], ['zk1', 'w']] },
        { at: 12_000, action: 'heal' },
      ],
    });
    expect(luaErrors(events)).toEqual([]);
    expect(logsOf(events, 'c')).toEqual([
      'CONNECTING\t2000',
      'nil\tSessionExpired',
      'CLOSED\ttrue',
      'create\tnil\tSessionExpired',
      'get\tnil\tSessionExpired',
      'set\tnil\tSessionExpired',
      'delete\tnil\tSessionExpired',
      'exists\tnil\tSessionExpired',
      'children\tnil\tSessionExpired',
      'sync\tnil\tSessionExpired',
      'get_acl\tnil\tSessionExpired',
      // A failed multi also returns its (here empty) list of results.
      expect.stringMatching(/^nil\tSessionExpired\ttable: 0x[0-9a-f]+$/),
      'CLOSED\ttrue',
    ]);
    // The server expired the session (deleting /e: w saw it) long before c could learn it.
    const expired = ofKind(events, 'server.session').find((e) => e.op === 'expire')!;
    expect(expired.t).toBeLessThan(12_000);
    const seen = Number(logsOf(events, 'w')[0]);
    expect(seen).toBeLessThan(12_000);
    expect(ofKind(events, 'client.session', 'c').map((e) => e.state)).toEqual(['SyncConnected', 'Expired']);
  });
});
