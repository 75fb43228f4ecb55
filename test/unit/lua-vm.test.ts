import { afterEach, describe, expect, it } from 'vitest';
import {
  createLuaVm,
  drive,
  isLuaFnRef,
  type LuaVm,
  type LuaVmOptions,
  logs,
  ZK_FUNCTIONS,
} from '../../src/lua/index.ts';
import { nodeWasmSource } from '../../src/lua/wasm-node.ts';

const wasm = nodeWasmSource();
const open: LuaVm[] = [];

async function vmWith(source: string, opts: Partial<LuaVmOptions> = {}): Promise<LuaVm> {
  const vm = await createLuaVm(wasm, { seed: 1, now: () => 0, ...opts });
  open.push(vm);
  const err = vm.load(source);
  if (err) throw new Error(`load failed: ${err.message}`);
  return vm;
}

afterEach(() => {
  for (const vm of open.splice(0)) vm.close();
});

describe('zk bridge: blocking-style calls', () => {
  it('each zk call is a call step; the script resumes with the reply values', async () => {
    const vm = await vmWith(`
      local data, stat = zk.get("/config")
      local path = zk.create("/locks/l-", data .. "!", { ephemeral = true, sequential = true })
      zk.log("created", path, stat.version, math.type(stat.version))
    `);
    let step = vm.start();
    expect(step).toEqual({ kind: 'call', name: 'get', args: ['/config'] });
    step = vm.resume(['v1', { version: 3, mzxid: 17 }]);
    expect(step).toEqual({
      kind: 'call',
      name: 'create',
      args: ['/locks/l-', 'v1!', { ephemeral: true, sequential: true }],
    });
    step = vm.resume(['/locks/l-0000000001']);
    expect(step).toEqual({ kind: 'call', name: 'log', args: ['created\t/locks/l-0000000001\t3\tinteger'] });
    expect(vm.resume([])).toEqual({ kind: 'done' });
    expect(vm.main?.state).toBe('done');
  });

  it('multiple returns: a reply of [null, "NoNode"] is two Lua values, nil and "NoNode"', async () => {
    const vm = await vmWith(`
      local v, err = zk.get("/missing")
      zk.log(select("#", zk.exists("/x")), v == nil, err)
    `);
    const { calls, end } = drive(vm.main!, (c) =>
      c.name === 'get' ? [null, 'NoNode'] : c.name === 'exists' ? [null, null, 'x'] : [],
    );
    expect(logs(calls)).toEqual(['3\ttrue\tNoNode']);
    expect(end).toEqual({ kind: 'done' });
  });

  it('every zk function in ZK_FUNCTIONS is a host call, including now and log', async () => {
    const vm = await vmWith(
      `for _, name in ipairs(NAMES) do zk[name]("arg") end`.replace(
        'NAMES',
        `{${ZK_FUNCTIONS.map((n) => `"${n}"`).join(',')}}`,
      ),
    );
    const { calls, end } = drive(vm.main!, () => []);
    expect(calls.map((c) => c.name)).toEqual([...ZK_FUNCTIONS]);
    expect(end.kind).toBe('done');
    // and nothing else is in the zk table
    const vm2 = await vmWith(
      'local n = {} for k in pairs(zk) do n[#n+1] = k end table.sort(n) zk.log(table.concat(n, ","))',
    );
    expect(logs(drive(vm2.main!, () => []).calls)).toEqual([[...ZK_FUNCTIONS].sort().join(',')]);
  });

  it('zk.now() is a host call; print() goes to the host like zk.log', async () => {
    const vm = await vmWith('local t = zk.now() print("t=", t, nil, {} == nil)');
    const { calls } = drive(vm.main!, (c) => (c.name === 'now' ? [1234] : []));
    expect(calls.map((c) => c.name)).toEqual(['now', 'log']);
    expect(logs(calls)).toEqual(['t=\t1234\tnil\tfalse']);
  });

  it('a user coroutine calling zk.* gets its reply (coroutine.wrap and coroutine.resume)', async () => {
    const vm = await vmWith(`
      local gen = coroutine.wrap(function()
        for i = 1, 2 do
          local v = zk.get("/n" .. i)        -- host request from inside the user's coroutine
          coroutine.yield("item:" .. v)      -- the user's own yield
        end
        return "end"
      end)
      zk.log(gen(), gen(), gen())
      local co = coroutine.create(function(a)
        local b = coroutine.yield(a + 1)
        local c, err = zk.exists("/z")
        return b, c, err
      end)
      local ok1, r1 = coroutine.resume(co, 10)
      local ok2, b, c, err = coroutine.resume(co, "B")
      zk.log(ok1, r1, ok2, b, c, err, coroutine.status(co))
    `);
    const { calls, end } = drive(vm.main!, (c) =>
      c.name === 'get' ? [`v${String(c.args[0]).slice(2)}`] : c.name === 'exists' ? [null, 'NoNode'] : [],
    );
    expect(calls.map((c) => c.name)).toEqual(['get', 'get', 'log', 'exists', 'log']);
    expect(logs(calls)).toEqual(['item:v1\titem:v2\tend', 'true\t11\ttrue\tB\tnil\tNoNode\tdead']);
    expect(end.kind).toBe('done');
  });

  it('nested user coroutines forward a host request through every level', async () => {
    const vm = await vmWith(`
      local function level(n)
        if n == 0 then return zk.get("/deep") end
        return coroutine.wrap(level)(n - 1)
      end
      zk.log(level(5))
    `);
    const { calls } = drive(vm.main!, (c) => (c.name === 'get' ? ['bottom', 'second'] : []));
    expect(logs(calls)).toEqual(['bottom\tsecond']);
  });

  it('host.raise() raises a Lua error at the user line that made the call; pcall can catch it', async () => {
    const vm = await vmWith(`local ok, err = pcall(zk.create, 42)
zk.log(ok, err)
zk.set("/a", "x")`);
    let step = vm.start();
    expect(step).toMatchObject({ kind: 'call', name: 'create', args: [42] });
    step = vm.raise('zk.create: path must be a string');
    expect(step).toEqual({ kind: 'call', name: 'log', args: ['false\tzk.create: path must be a string'] });
    step = vm.resume([]);
    expect(step).toMatchObject({ kind: 'call', name: 'set' });
    step = vm.raise('bad version');
    expect(step).toMatchObject({
      kind: 'error',
      reason: 'runtime',
      message: 'client.lua:3: bad version',
      line: 3,
    });
  });

  it('values that are not plain data raise at the call site', async () => {
    const vm = await vmWith(`
      zk.log(pcall(zk.create, "/a", { 1, 2, x = 3 }))
      zk.log(pcall(zk.create, "/a", { [1] = 1, [3] = 3 }))
      zk.log(pcall(zk.create, "/a", { [true] = 1 }))
      zk.log(pcall(zk.create, "/a", coroutine.create(print)))
      zk.log(pcall(zk.create, "/a", 1 << 60))
      local t = {} t.self = t
      zk.log(pcall(zk.create, "/a", t))
      zk.log(pcall(zk.create, "/a", { ["$fn"] = 1 }))
      zk.log(pcall(zk.get, "/a", setmetatable({}, {})))
      zk.log(pcall(function() local r = zk:get("/a") return r end))
    `);
    const { calls } = drive(vm.main!, () => ['ok']);
    expect(calls.filter((c) => c.name !== 'log').map((c) => c.args)).toEqual([['/a', []]]);
    expect(logs(calls)).toEqual([
      'false\tzk.create: table mixes array items and string keys',
      'false\tzk.create: array has holes (nil items)',
      'false\tzk.create: table keys must be strings or array indices, not boolean',
      'false\tzk.create: cannot pass a thread value to the host',
      'false\tzk.create: integer 1152921504606846976 does not fit a JS number (|n| <= 2^53)',
      'false\tzk.create: table nested deeper than 32 levels (or cyclic)',
      "false\tzk.create: table key '$fn' is reserved",
      'true\tok',
      'false\tclient.lua:11: call zk.get(...) with a dot, not zk:get(...)',
    ]);
  });

  it('integers stay integers, floats stay floats, strings are UTF-8, nested tables round-trip', async () => {
    const vm = await vmWith(`
      local v = zk.get("/x")
      zk.log(math.type(v.i), math.type(v.f), v.s, #v.s, v.list[3], #v.list, v.empty[1], v.nested.a.b)
      zk.set("/x", { 1, 2.5, "ü", true, { k = "v" } }, -1, 2^53)
    `);
    const { calls } = drive(vm.main!, (c) =>
      c.name === 'get'
        ? [{ i: 7, f: 0.5, s: 'ü€', list: [1, 2, 3], empty: [], nested: { a: { b: 'deep' } } }]
        : [],
    );
    expect(logs(calls)).toEqual(['integer\tfloat\tü€\t5\t3\t3\tnil\tdeep']);
    const set = calls.find((c) => c.name === 'set')!;
    expect(set.args).toEqual(['/x', [1, 2.5, 'ü', true, { k: 'v' }], -1, 2 ** 53]);
  });
});

describe('function references and callback tasks (watches)', () => {
  it('a function arg becomes { $fn: id }; the same function keeps its id', async () => {
    const vm = await vmWith(`
      local function w(ev) end
      zk.exists("/a", w)
      zk.get("/b", { watch = w })
      zk.children("/c", function() end)
    `);
    const { calls } = drive(vm.main!, () => []);
    expect(calls.map((c) => c.args)).toEqual([
      ['/a', { $fn: 1 }],
      ['/b', { watch: { $fn: 1 } }],
      ['/c', { $fn: 2 }],
    ]);
    expect(isLuaFnRef(calls[0]!.args[1])).toBe(true);
    expect(isLuaFnRef({ $fn: 1, x: 2 })).toBe(false);
  });

  it('spawn runs a registered function as its own task, driven like the main script', async () => {
    const vm = await vmWith(`
      seen = {}
      zk.exists("/lock", function(ev)
        seen[#seen + 1] = ev.type .. " " .. ev.path
        local v = zk.get(ev.path)            -- a callback may call zk.* too
        zk.log("watch saw", ev.type, v)
      end)
      local v = zk.get("/main")              -- the main task waits here meanwhile
      zk.log("main got", v, #seen, seen[1])
    `);
    let step = vm.start();
    expect(step).toEqual({ kind: 'call', name: 'exists', args: ['/lock', { $fn: 1 }] });
    step = vm.resume([null]);
    expect(step).toEqual({ kind: 'call', name: 'get', args: ['/main'] });
    expect(vm.main!.state).toBe('waiting');

    // the watch fires while main is suspended
    const cb = vm.spawn(1, [{ type: 'NodeCreated', path: '/lock' }]);
    expect(cb.state).toBe('new');
    expect(cb.id).not.toBe(vm.main!.id);
    expect(cb.start()).toEqual({ kind: 'call', name: 'get', args: ['/lock'] });
    expect(cb.resume(['L'])).toEqual({ kind: 'call', name: 'log', args: ['watch saw\tNodeCreated\tL'] });
    expect(cb.resume([])).toEqual({ kind: 'done' });
    expect(cb.state).toBe('done');

    // main continues with its own reply
    expect(vm.resume(['M'])).toEqual({
      kind: 'call',
      name: 'log',
      args: ['main got\tM\t1\tNodeCreated /lock'],
    });
    expect(vm.resume([])).toEqual({ kind: 'done' });
  });

  it('a runtime error in a callback ends that task only; release forgets the function', async () => {
    const vm = await vmWith(`
      zk.exists("/a", function(ev) error("boom in watch") end)
      zk.log(zk.get("/b"))
    `);
    expect(vm.start()).toMatchObject({ name: 'exists' });
    expect(vm.resume([null])).toMatchObject({ name: 'get' });
    const cb = vm.spawn(1, [{}]);
    expect(cb.start()).toMatchObject({
      kind: 'error',
      reason: 'runtime',
      message: 'client.lua:2: boom in watch',
      line: 2,
    });
    expect(cb.state).toBe('failed');
    expect(vm.fatal).toBeNull();
    expect(vm.resume(['still here'])).toEqual({ kind: 'call', name: 'log', args: ['still here'] });
    vm.release(1);
    expect(() => vm.spawn(1, [])).toThrow('no registered function 1');
  });

  it('resuming a task that is not waiting is a host error (thrown)', async () => {
    const vm = await vmWith('zk.log("x")');
    expect(() => vm.resume([])).toThrow('not waiting');
    vm.start();
    vm.resume([]);
    expect(() => vm.start()).toThrow('cannot start');
  });
});

describe('errors carry chunk name and line', () => {
  it('a syntax error is returned by load with client.lua:<line>', async () => {
    const vm = await createLuaVm(wasm, { seed: 1, now: () => 0 });
    open.push(vm);
    const err = vm.load('local x = 1\nlocal y = = 2\n');
    expect(err).toEqual({
      kind: 'error',
      reason: 'syntax',
      message: "client.lua:2: unexpected symbol near '='",
      line: 2,
    });
    expect(vm.main).toBeNull();
  });

  it('a custom chunk name is used in messages', async () => {
    const vm = await createLuaVm(wasm, { seed: 1, now: () => 0 });
    open.push(vm);
    expect(vm.load('\n\nfoo(', 'lock-client.lua')).toMatchObject({
      message: 'lock-client.lua:3: unexpected symbol near <eof>',
      line: 3,
    });
  });

  it('a runtime error reports message, line and a traceback', async () => {
    const vm = await vmWith(`local cfg = zk.get("/cfg")
local function port(c)
  return c.server.port
end
zk.log(port(cfg))`);
    const { end } = drive(vm.main!, () => [{}]);
    expect(end).toMatchObject({
      kind: 'error',
      reason: 'runtime',
      message: "client.lua:3: attempt to index a nil value (field 'server')",
      line: 3,
    });
    expect(end.kind === 'error' && end.traceback).toContain('client.lua:5: in main chunk');
  });

  it('an error raised inside a module is marked at the client line that called it', async () => {
    const vm = await vmWith('local m = require("util")\n\nm.fail()', {
      modules: { util: 'return { fail = function() error("util broke") end }' },
    });
    expect(drive(vm.main!, () => []).end).toMatchObject({
      message: 'util.lua:1: util broke',
      line: 3,
      reason: 'runtime',
    });
  });

  it('a non-string error object still reports the line', async () => {
    const vm = await vmWith('\nerror({ code = 1 })');
    expect(drive(vm.main!, () => []).end).toMatchObject({
      message: '(error object is a table value)',
      line: 2,
    });
  });
});
