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
    expect(step.message).toBe(
      `client.lua:${step.line}: instruction budget exceeded (${BUDGET} instructions without a zk call)`,
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

  it('the budget is per resume: many calls with little work each run to the end', async () => {
    const vm = await vmWith(
      'local s = 0\nfor i = 1, 50 do\n  for j = 1, 2000 do s = s + j end\n  zk.sleep(1)\nend\nzk.log(s)',
      {
        instructionBudget: 20_000,
      },
    );
    const { calls, end } = drive(vm.main!, () => []);
    expect(end).toEqual({ kind: 'done' });
    expect(logs(calls)).toEqual([String(50 * 2001000)]);
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
