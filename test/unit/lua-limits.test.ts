import { afterEach, describe, expect, it } from 'vitest';
import { createLuaVm, drive, type LuaVm, type LuaVmOptions, logs } from '../../src/lua/index.ts';
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

/** Run a script, answering every call with nothing; return what it logged and how it ended. */
async function run(source: string, opts: Partial<LuaVmOptions> = {}) {
  const vm = await vmWith(source, opts);
  const { calls, end } = drive(vm.main!, () => []);
  return { logs: logs(calls), end };
}

afterEach(() => {
  for (const vm of open.splice(0)) vm.close();
});

const BUDGET = 200_000;

describe('instruction budget', () => {
  it('stops a runaway loop with an error naming the line; the VM stays stopped', async () => {
    const vm = await vmWith('zk.log("before")\nlocal n = 0\nwhile true do\n  n = n + 1\nend', {
      instructionBudget: BUDGET,
    });
    expect(vm.start()).toEqual({ kind: 'call', name: 'log', args: ['before'] });
    const step = vm.resume([]);
    expect(step).toMatchObject({ kind: 'error', reason: 'budget', line: expect.any(Number) });
    if (step.kind !== 'error') throw new Error('unreachable');
    expect([3, 4]).toContain(step.line);
    expect(step.message).toMatch(
      new RegExp(
        `^client\\.lua:${step.line}: budget exceeded: ${BUDGET} units of work without virtual time advancing \\(\\d+ instructions, 1 zk calls, 6 bytes passed to the host, \\d+ bytes allocated\\)$`,
      ),
    );
    expect(vm.fatal).toBe(step);
    expect(vm.main!.state).toBe('failed');
    // every later use reports the same stop
    expect(vm.spawn(1, []).start()).toBe(step);
  });

  it('pcall cannot catch the stop (the VM yields out of the hook)', async () => {
    const vm = await vmWith(
      'for i = 1, 1000 do\n  pcall(function()\n    while true do end\n  end)\nend\nzk.log("escaped")',
      { instructionBudget: BUDGET },
    );
    expect(vm.start()).toMatchObject({ kind: 'error', reason: 'budget', line: 3 });
  });

  it('stops a loop inside a table.sort comparator (a C boundary: raised, not yielded)', async () => {
    const vm = await vmWith('local t = {3, 2, 1}\ntable.sort(t, function(a, b)\n  while true do end\nend)', {
      instructionBudget: BUDGET,
    });
    expect(vm.start()).toMatchObject({ kind: 'error', reason: 'budget', line: 3 });
  });

  it('stops a loop inside a user coroutine and inside a callback task', async () => {
    const a = await vmWith(
      'local co = coroutine.wrap(function()\n  while true do end\nend)\nco()\nzk.log("escaped")',
      {
        instructionBudget: BUDGET,
      },
    );
    expect(a.start()).toMatchObject({ kind: 'error', reason: 'budget', line: 2 });

    const b = await vmWith('zk.exists("/a", function()\n  repeat until false\nend)\nzk.get("/b")', {
      instructionBudget: BUDGET,
    });
    expect(b.start()).toMatchObject({ name: 'exists' });
    expect(b.resume([null])).toMatchObject({ name: 'get' });
    expect(b.spawn(1, []).start()).toMatchObject({ kind: 'error', reason: 'budget', line: 2 });
    expect(b.resume(['late reply'])).toMatchObject({ kind: 'error', reason: 'budget' });
  });

  it('the budget is per virtual instant: work spread over advancing time runs to the end', async () => {
    const src =
      'local s = 0\nfor i = 1, 50 do\n  for j = 1, 2000 do s = s + j end\n  zk.sleep(1)\nend\nzk.log(s)';
    let t = 0;
    const vm = await vmWith(src, { instructionBudget: 20_000, now: () => t });
    const { calls, end } = drive(vm.main!, (c) => {
      if (c.name === 'sleep') t += 1;
      return [];
    });
    expect(end).toEqual({ kind: 'done' });
    expect(logs(calls)).toEqual([String(50 * 2001000)]);
    // the same script when the sleeps take no virtual time: the work adds up and is stopped
    const frozen = await vmWith(src, { instructionBudget: 20_000 });
    expect(drive(frozen.main!, () => []).end).toMatchObject({ kind: 'error', reason: 'budget', line: 3 });
  });
});

describe('work that takes no virtual time adds up (issue #11)', () => {
  /** Runs `src` answering every call at once, with a clock that never moves. */
  async function frozen(src: string, opts: Partial<LuaVmOptions> = {}) {
    const vm = await vmWith(src, opts);
    return drive(vm.main!, (c) => (c.name === 'now' ? [0] : []), 1_000_000);
  }

  it('an xpcall message handler that loops is stopped (Lua calls it again with hooks off)', async () => {
    const { end } = await frozen(
      'local n = 0\nxpcall(error, function()\n  while true do n = n + 1 end\nend)',
      {
        instructionBudget: BUDGET,
      },
    );
    expect(end).toMatchObject({ kind: 'error', reason: 'budget', line: 3 });
  });

  it('a handler still runs normally, and a budget stop raised in a sort comparator skips it', async () => {
    const vm = await vmWith(
      'zk.log(xpcall(error, function(m) return "handled: " .. m end, "boom", 0))\n' +
        'xpcall(function()\n  table.sort({3, 2, 1}, function() while true do end end)\n' +
        'end, function(m)\n  while true do end\nend)',
      { instructionBudget: BUDGET },
    );
    const { calls, end } = drive(vm.main!, () => []);
    expect(logs(calls)).toEqual(['false\thandled: boom']);
    expect(end).toMatchObject({ kind: 'error', reason: 'budget', line: 3 });
  });

  it.each([
    ['zk.now()', 'while true do zk.now() end'],
    ['print', 'while true do print("x") end'],
    ['zk.mark', 'while true do zk.mark("m") end'],
    ['zk.sleep(0)', 'while true do zk.sleep(0) end'],
    ['a refused call retried under pcall', 'while true do pcall(zk.create, "/x", {1, x = 1}) end'],
  ])('a loop of %s is stopped after at most budget / 500 calls', async (_what, src) => {
    const { calls, end } = await frozen(src);
    expect(end).toMatchObject({ kind: 'error', reason: 'budget', line: 1 });
    expect(calls.length).toBeLessThanOrEqual(5_000_000 / 500);
  });

  it('a refused call is an argument error the script can catch, not a host stack overflow', async () => {
    const vm = await vmWith('for i = 1, 3 do\n  zk.log(pcall(zk.create, "/x", {1, x = 1}))\nend');
    const { calls, end } = drive(vm.main!, () => []);
    expect(end).toEqual({ kind: 'done' });
    expect(logs(calls)).toEqual(Array(3).fill('false\tzk.create: table mixes array items and string keys'));
  });

  it('logged bytes count: a large print per call is stopped after a few calls', async () => {
    const { calls, end } = await frozen('local s = ("x"):rep(1000000)\nwhile true do print(s) end');
    expect(end).toMatchObject({ kind: 'error', reason: 'budget', line: 2 });
    expect(calls.length).toBeLessThanOrEqual(5);
  });
});

describe('string patterns pay their matching bound (issue #11)', () => {
  it('a backtracking pattern is stopped before the matcher runs', async () => {
    const { end } = await run('local s = ("a"):rep(30)\nlocal r = s:find(("a*"):rep(30) .. "b")');
    expect(end).toMatchObject({ kind: 'error', reason: 'budget', line: 2 });
    expect(end.kind === 'error' && end.message).toMatch(
      /^client\.lua:2: budget exceeded: string\.find with this pattern may take up to [\d.e+]+ matching steps on a 30-byte string/,
    );
  });

  it.each([
    ['match', 'local r = ("a"):rep(30):match(("a-"):rep(30) .. "b")'],
    ['gmatch', 'for x in ("a"):rep(30):gmatch(("a?"):rep(30) .. "b") do end'],
    ['gsub', 'local r = ("a"):rep(30):gsub(("(a*)"):rep(30) .. "b", "")'],
    ['%b', 'local r = ("("):rep(100000):gsub("%b()", "")'],
  ])('%s with a pathological pattern is stopped too', async (_what, src) => {
    const { end } = await run(src);
    expect(end).toMatchObject({ kind: 'error', reason: 'budget', line: 1 });
  });

  it('everyday patterns give the same results as before and leave the budget alone', async () => {
    const { logs: out, end } = await run(
      [
        'local p = "/app/counter/n-0000000005"',
        'zk.log(p:match("^(.*)/[^/]+$"), p:match("[^/]+$"), ("12ab"):match("^(%d+)"))',
        'local parts = {} for x in p:gmatch("[^/]+") do parts[#parts + 1] = x end',
        'zk.log(table.concat(parts, ","), select("#", p:find("counter", 1, true)), p:find("(%a+)/n%-"))',
        'zk.log(select(2, ("hello  world"):gsub("%s+", " ")), ("abc"):gsub("%w", "%0%0"))',
        'zk.log(select(2, pcall(string.find, "a", "[a")), select(2, pcall(string.rep)))',
        'zk.log(pcall(function() local r = ("a"):find("%") return r end))',
        'local n = 0 for i = 1, 1000 do if p:match("^(.*)/[^/]+$") then n = n + 1 end end zk.log(n)',
      ].join('\n'),
      { instructionBudget: 5_000_000 },
    );
    expect(end).toEqual({ kind: 'done' });
    expect(out).toEqual([
      '/app/counter\tn-0000000005\t12',
      'app,counter,n-0000000005\t2\t6\t15\tcounter',
      '1\taabbcc\t3',
      "malformed pattern (missing ']')\tbad argument #1 to '?' (string expected, got no value)",
      "false\tclient.lua:7: malformed pattern (ends with '%')",
      '1000',
    ]);
  });
});

describe('memory limit', () => {
  const LIMIT = 4 * 1024 * 1024;

  it('stops a memory bomb with reason memory and the line', async () => {
    const vm = await vmWith('local t = {}\nwhile true do\n  t[#t + 1] = ("x"):rep(100) .. #t\nend', {
      memoryLimitBytes: LIMIT,
    });
    const step = vm.start();
    expect(step).toMatchObject({ kind: 'error', reason: 'memory', line: 3 });
    expect(step.kind === 'error' && step.message).toBe(
      `client.lua:3: not enough memory (the Lua heap limit is ${LIMIT} bytes)`,
    );
    expect(vm.memoryUsed()).toBeLessThanOrEqual(LIMIT + 64 * 1024);
  });

  it('a memory bomb caught by pcall still stops the VM', async () => {
    const vm = await vmWith(
      'local keep = {}\nfor i = 1, 100 do\n  pcall(function()\n    while true do keep[#keep + 1] = {} end\n  end)\nend\nzk.log("escaped")',
      { memoryLimitBytes: LIMIT },
    );
    // stopped at the next count hook after the catch: in the loop around the pcall, or in the bomb
    const step = vm.start();
    expect(step).toMatchObject({ kind: 'error', reason: 'memory' });
    expect([3, 4]).toContain(step.kind === 'error' && step.line);
  });

  it('one oversized allocation fails as a catchable error and the script goes on', async () => {
    const vm = await vmWith('zk.log(pcall(string.rep, "x", 1 << 26))\nlocal s = ("y"):rep(1 << 30)', {
      memoryLimitBytes: LIMIT,
    });
    expect(vm.start()).toEqual({ kind: 'call', name: 'log', args: ['false\tnot enough memory'] });
    expect(vm.resume([])).toMatchObject({
      kind: 'error',
      reason: 'memory',
      line: 2,
      message: 'client.lua:2: not enough memory',
    });
  });
});

describe('after a runaway loop and a memory bomb the host goes on', () => {
  it('other VMs, old and new, still run', async () => {
    const survivor = await vmWith('local v = zk.get("/a")\nzk.log("survivor", v)');
    expect(survivor.start()).toMatchObject({ name: 'get' });

    const loop = await vmWith('while true do end', { instructionBudget: BUDGET });
    expect(loop.start()).toMatchObject({ reason: 'budget', line: 1 });
    const bomb = await vmWith('local s = "x"\nwhile true do s = s .. s end', { memoryLimitBytes: 1 << 20 });
    expect(bomb.start()).toMatchObject({ reason: 'memory', line: 2 });
    loop.close();
    bomb.close();

    expect(survivor.resume(['ok'])).toEqual({ kind: 'call', name: 'log', args: ['survivor\tok'] });
    const fresh = await vmWith('local t = {} for i = 1, 1000 do t[i] = i * i end zk.log(#t, t[1000])');
    expect(logs(drive(fresh.main!, () => []).calls)).toEqual(['1000\t1000000']);
  });
});
