import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLuaVm, drive, type LuaVm, type LuaVmOptions, logs } from '../../src/lua/index.ts';
import { nodeWasmSource } from '../../src/lua/wasm-node.ts';
import { tsxSync } from '../support/tsx-run.ts';

const wasm = nodeWasmSource();
const open: LuaVm[] = [];

async function vmWith(source: string, opts: Partial<LuaVmOptions> = {}): Promise<LuaVm> {
  const vm = await createLuaVm(wasm, { seed: 1, now: () => 0, ...opts });
  open.push(vm);
  const err = vm.load(source);
  if (err) throw new Error(`load failed: ${err.message}`);
  return vm;
}

/** Run a script, answering every call with nothing; return what it logged and how it ended. */
async function run(source: string, opts: Partial<LuaVmOptions> = {}) {
  const vm = await vmWith(source, opts);
  const { calls, end } = drive(vm.main!, () => []);
  return { logs: logs(calls), end };
}

/** The error a snippet raises, as the user sees it (pcall message). */
async function errorOf(snippet: string): Promise<string> {
  const r = await run(`local ok, err = pcall(function()\n${snippet}\nend)\nzk.log(ok, err)`);
  expect(r.end.kind).toBe('done');
  return r.logs[0]!;
}

afterEach(() => {
  for (const vm of open.splice(0)) vm.close();
});

describe('sandbox contents', () => {
  it('the global environment holds exactly the safe libraries and zk', async () => {
    const r = await run(`
      local names = {}
      for k, v in pairs(_G) do names[#names + 1] = k .. ":" .. type(v) end
      table.sort(names)
      zk.log(table.concat(names, " "))
      local osn = {} for k in pairs(os) do osn[#osn + 1] = k end table.sort(osn)
      zk.log(table.concat(osn, " "))
    `);
    expect(r.logs[0]!.split(' ')).toEqual([
      '_G:table',
      '_VERSION:string',
      'assert:function',
      'collectgarbage:function',
      'coroutine:table',
      'error:function',
      'getmetatable:function',
      'ipairs:function',
      'load:function',
      'math:table',
      'next:function',
      'os:table',
      'pairs:function',
      'pcall:function',
      'print:function',
      'rawequal:function',
      'rawget:function',
      'rawlen:function',
      'rawset:function',
      'require:function',
      'select:function',
      'setmetatable:function',
      'string:table',
      'table:table',
      'tonumber:function',
      'tostring:function',
      'type:function',
      'utf8:table',
      'xpcall:function',
      'zk:table',
    ]);
    expect(r.logs[1]).toBe('clock difftime time');
  });

  it('no value reachable from _G is a userdata (no JS objects, no proxies)', async () => {
    const r = await run(`
      local seen, bad = {}, {}
      local function walk(t, path)
        if seen[t] then return end
        seen[t] = true
        for k, v in pairs(t) do
          local ty = type(v)
          if ty == "userdata" or ty == "thread" then bad[#bad + 1] = path .. "." .. tostring(k) end
          if ty == "table" then walk(v, path .. "." .. tostring(k)) end
        end
      end
      walk(_G, "_G")
      zk.log(#bad, js, window, globalThis, python)
    `);
    expect(r.logs).toEqual(['0\tnil\tnil\tnil\tnil']);
  });
});

describe('sandbox escape attempts fail with the message the user sees', () => {
  it('reaching JS globals / the js bridge / proxies', async () => {
    expect(await errorOf('return js.global')).toBe(
      "false\tclient.lua:2: attempt to index a nil value (global 'js')",
    );
    expect(await errorOf('return _G.window.document')).toBe(
      "false\tclient.lua:2: attempt to index a nil value (field 'window')",
    );
    expect(await errorOf('local m = require("js")')).toBe(
      "false\tclient.lua:2: module 'js' not found (available modules: none); the ZooKeeper client is the global zk (zk.create, zk.get, ...: no require needed)",
    );
  });

  it('a table key __proto__ passed to the host does not pollute JS prototypes', async () => {
    const vm = await vmWith('zk.set("/a", { __proto__ = { polluted = true }, constructor = "x" })');
    const { calls } = drive(vm.main!, () => []);
    const arg = calls[0]!.args[1] as Record<string, unknown>;
    expect(Object.getPrototypeOf(arg)).toBe(Object.prototype);
    expect(Object.hasOwn(arg, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('loading bytecode: string.dump is gone and load only accepts text', async () => {
    expect(await errorOf('return load(string.dump(print))')).toBe(
      "false\tclient.lua:2: attempt to call a nil value (field 'dump')",
    );
    const r = await run(`
      zk.log(load("\\27Lua\\84\\0\\25\\147\\13\\10\\26\\10", "x", "b"))
      zk.log(load("\\27Lua", "x"))
      local f = load("return 1 + 1", "=calc", "b")
      zk.log(f())
      local env = { y = 5 }
      zk.log(load("return y", "=e", "bt", env)(), load("return y")())
    `);
    expect(r.logs).toEqual([
      "nil\tattempt to load a binary chunk (mode is 't')",
      "nil\tattempt to load a binary chunk (mode is 't')",
      '2',
      '5\tnil',
    ]);
  });

  it('dofile and loadfile are gone', async () => {
    expect(await errorOf('dofile("/etc/passwd")')).toBe(
      "false\tclient.lua:2: attempt to call a nil value (global 'dofile')",
    );
    expect(await errorOf('loadfile("/etc/passwd")')).toBe(
      "false\tclient.lua:2: attempt to call a nil value (global 'loadfile')",
    );
  });

  it('metatable tricks on the shared string metatable', async () => {
    expect(await errorOf('getmetatable("").__index = function() return "pwned" end')).toBe(
      'false\tclient.lua:2: attempt to index a boolean value',
    );
    expect(await errorOf('setmetatable("", {})')).toBe(
      "false\tclient.lua:2: bad argument #1 to 'setmetatable' (table expected, got string)",
    );
    // string methods still work
    const r = await run('zk.log(("abc"):upper(), getmetatable("abc"))');
    expect(r.logs).toEqual(['ABC\tfalse']);
  });

  it('__gc finalizers are refused (they would run outside the instruction budget)', async () => {
    expect(await errorOf('setmetatable({}, { __gc = function() while true do end end })')).toBe(
      'false\tclient.lua:2: __gc metamethods are not allowed in the sandbox (finalizers run outside the instruction budget)',
    );
  });

  it('collectgarbage abuse', async () => {
    for (const opt of ['stop', 'restart', 'generational', 'incremental', 'setpause', 'setstepmul']) {
      expect(await errorOf(`collectgarbage("${opt}")`)).toBe(
        `false\tclient.lua:2: collectgarbage('${opt}') is not allowed in the sandbox`,
      );
    }
    const r = await run(
      'collectgarbage() collectgarbage("step") zk.log(type(collectgarbage("count")), collectgarbage("isrunning"))',
    );
    expect(r.logs).toEqual(['number\ttrue']);
  });

  it('os.exit, io, debug, package.loadlib', async () => {
    expect(await errorOf('os.exit(1)')).toBe(
      "false\tclient.lua:2: attempt to call a nil value (field 'exit')",
    );
    expect(await errorOf('os.execute("ls")')).toBe(
      "false\tclient.lua:2: attempt to call a nil value (field 'execute')",
    );
    expect(await errorOf('io.open("/etc/passwd")')).toBe(
      "false\tclient.lua:2: attempt to index a nil value (global 'io')",
    );
    expect(await errorOf('debug.sethook()')).toBe(
      "false\tclient.lua:2: attempt to index a nil value (global 'debug')",
    );
    expect(await errorOf('package.loadlib("libc.so", "system")')).toBe(
      "false\tclient.lua:2: attempt to index a nil value (global 'package')",
    );
  });

  it('require of a non-module', async () => {
    for (const name of ['os', 'io', 'debug', 'package', 'ffi']) {
      expect(await errorOf(`require("${name}")`)).toBe(
        `false\tclient.lua:2: module '${name}' not found (available modules: none); the ZooKeeper client is the global zk (zk.create, zk.get, ...: no require needed)`,
      );
    }
  });

  it('the host-driven coroutine cannot be yielded, resumed or closed by the script', async () => {
    expect(await errorOf('coroutine.yield(1)')).toBe(
      'false\tclient.lua:2: attempt to yield from outside a coroutine',
    );
    const r = await run(`
      local main = coroutine.running()
      zk.log(select(2, coroutine.running()), coroutine.isyieldable())
      local co = coroutine.create(function() local ok = coroutine.resume(main, "fake reply") return ok end)
      zk.log(coroutine.resume(co))
    `);
    expect(r.logs).toEqual([
      'true\tfalse',
      'false\tclient.lua:4: cannot resume a coroutine driven by the host (the main script or a callback)',
    ]);
  });

  it('math.randomseed() without a seed is refused (it would read the clock)', async () => {
    expect(await errorOf('math.randomseed()')).toBe(
      "false\tclient.lua:2: math.randomseed() needs an explicit seed in the sandbox (the run's seed is already applied)",
    );
  });
});

describe('determinism', () => {
  const randomScript =
    'local t = {} for i = 1, 8 do t[i] = math.random(1000000) end zk.log(table.concat(t, ","), math.random())';

  it('math.random is the same for a seed and different across seeds', async () => {
    const a = await run(randomScript, { seed: 42 });
    const b = await run(randomScript, { seed: 42 });
    const c = await run(randomScript, { seed: 43 });
    expect(a.logs).toEqual(b.logs);
    expect(c.logs).not.toEqual(a.logs);
    // reseeding explicitly is deterministic too
    const d = await run(`math.randomseed(42) ${randomScript}`, { seed: 7 });
    expect(d.logs).toEqual(a.logs);
  });

  const pairsScript = `
    local t = {}
    for i = 1, 64 do t["key" .. i] = i end
    t.alpha, t.beta, t.gamma = 1, 2, 3
    local order = {}
    for k in pairs(t) do order[#order + 1] = k end
    local keys = {}
    local objs = {}
    for i = 1, 16 do local o = {} objs[o] = i end
    for _, i in pairs(objs) do keys[#keys + 1] = i end
    zk.log(table.concat(order, ","))
    zk.log(table.concat(keys, ","), tostring({}))
  `;

  it('pairs order (string keys, table keys) is identical in two fresh VMs, whatever the wall clock', async () => {
    const a = await run(pairsScript);
    const realNow = Date.now;
    let b: Awaited<ReturnType<typeof run>>;
    try {
      Date.now = () => 4_102_444_800_000; // the year 2100
      b = await run(pairsScript);
    } finally {
      Date.now = realNow;
    }
    expect(b.logs).toEqual(a.logs);
    // and it is not just insertion order
    expect(a.logs[0]).not.toBe(
      [...Array.from({ length: 64 }, (_, i) => `key${i + 1}`), 'alpha', 'beta', 'gamma'].join(','),
    );
  });

  it('pairs order is identical in a fresh Node process', async () => {
    const here = await run(pairsScript);
    const root = resolve(import.meta.dirname, '../..');
    const dir = mkdtempSync(join(tmpdir(), 'lua-pairs-'));
    try {
      const child = join(dir, 'child.mts');
      writeFileSync(
        child,
        `import { createLuaVm, drive, logs } from ${JSON.stringify(join(root, 'src/lua/index.ts'))};
import { nodeWasmSource } from ${JSON.stringify(join(root, 'src/lua/wasm-node.ts'))};
const vm = await createLuaVm(nodeWasmSource(), { seed: 1, now: () => 0 });
vm.load(${JSON.stringify(pairsScript)});
process.stdout.write(JSON.stringify(logs(drive(vm.main!, () => []).calls)));
`,
      );
      const out = tsxSync(child, [], { cwd: root });
      expect(out.status, out.stderr).toBe(0);
      expect(JSON.parse(out.stdout)).toEqual(here.logs);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('os.time and os.clock read the virtual clock', async () => {
    let t = 12_345;
    const vm = await vmWith(
      `
      zk.log(os.time(), math.type(os.time()), os.clock())
      zk.sleep(1000)
      zk.log(os.time(), os.clock(), os.difftime(os.time(), 0))
      zk.log(pcall(os.time, { year = 2020 }))
    `,
      { now: () => t },
    );
    const { calls } = drive(vm.main!, (c) => {
      if (c.name === 'sleep') t += Number(c.args[0]);
      return [];
    });
    expect(logs(calls)).toEqual([
      '12\tinteger\t12.345',
      '13\t13.345\t13',
      'false\tos.time(table) is not supported in the sandbox; os.time() returns virtual seconds',
    ]);
  });
});

describe('require and isolation', () => {
  const modules = {
    counter:
      'local M = {} local n = 0 function M.next() n = n + 1 return n end zk.log("counter loaded") return M',
    remote: 'local v = zk.get("/cfg") return { cfg = v }',
    broken: 'return {',
  };

  it('require loads a provided module once and caches it; modules may call zk', async () => {
    const r = await vmWith(
      `
      local a = require("counter")
      local b = require("counter")
      zk.log(a == b, a.next(), b.next())
      zk.log(require("remote").cfg, require("string") == string)
      zk.log(pcall(require, "broken"))
      zk.log(pcall(require, "nope"))
    `,
      { modules },
    );
    const { calls, end } = drive(r.main!, (c) => (c.name === 'get' ? ['cfg-value'] : []));
    expect(end.kind).toBe('done');
    expect(logs(calls)).toEqual([
      'counter loaded',
      'true\t1\t2',
      'cfg-value\ttrue',
      'false\tbroken.lua:1: unexpected symbol near <eof>',
      "false\tmodule 'nope' not found (available modules: broken, counter, remote); the ZooKeeper client is the global zk (zk.create, zk.get, ...: no require needed)",
    ]);
  });

  it('globals and library changes in one VM are not seen by another', async () => {
    const a = await vmWith('SHARED = "from a"; string.upper = nil; zk.log(SHARED)');
    const b = await vmWith('zk.log(SHARED, ("x"):upper())');
    expect(logs(drive(a.main!, () => []).calls)).toEqual(['from a']);
    expect(logs(drive(b.main!, () => []).calls)).toEqual(['nil\tX']);
  });
});
