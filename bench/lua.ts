// Lua VM layer benchmarks (wall-clock timing lives here, never in src/lua).
// Run alone: npx tsx bench/lua.ts — or through bench/run.ts via benchLua().

import { createLuaVm, drive, type LuaVm } from '../src/lua/index.ts';
import { nodeWasmSource } from '../src/lua/wasm-node.ts';

export interface LuaBenchResult {
  bench: string;
  unit: string;
  median: number;
}

const wasm = nodeWasmSource();

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function repeat(runs: number, once: () => Promise<number> | number): Promise<number> {
  await once(); // warm-up
  const out: number[] = [];
  for (let i = 0; i < runs; i++) out.push(await once());
  return median(out);
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

async function vm(source: string, instructionBudget?: number, now: () => number = () => 0): Promise<LuaVm> {
  const v = await createLuaVm(wasm, {
    seed: 1,
    now,
    ...(instructionBudget ? { instructionBudget } : {}),
  });
  const err = v.load(source);
  if (err) throw new Error(err.message);
  return v;
}

/** CPU µs per zk call round trip: Lua yields a request, the host reads it and resumes with a reply. */
async function roundTrip(): Promise<number> {
  const n = 20_000;
  return repeat(5, async () => {
    // Each reply comes a virtual millisecond later, as in a run: the work budget is per instant.
    let t = 0;
    const v = await vm(`for i = 1, ${n} do local data, stat = zk.get("/config") end`, undefined, () => t++);
    const reply = ['some data', { version: 3, mzxid: 42 }];
    const c0 = process.cpuUsage();
    const { calls } = drive(v.main!, () => reply, n + 1);
    const c = process.cpuUsage(c0);
    if (calls.length < n) throw new Error(`the script stopped after ${calls.length} of ${n} calls`);
    const us = (c.user + c.system) / calls.length;
    v.close();
    return us;
  });
}

/** ms to create a VM (fresh wasm instance + sandbox + prelude), load a script and run to its first call. */
async function startTime(): Promise<number> {
  return repeat(9, async () => {
    const t0 = performance.now();
    const v = await vm('local lock = zk.create("/lock/l-", "", { ephemeral = true, sequential = true })');
    v.start();
    const ms = performance.now() - t0;
    v.close();
    return ms;
  });
}

/** KiB of Lua heap per VM after the sandbox, the prelude and a small script have run to their first call. */
async function memoryPerVm(): Promise<number> {
  return repeat(3, async () => {
    const v = await vm('local lock = zk.create("/lock/l-", "", { ephemeral = true, sequential = true })');
    v.start();
    const kib = v.memoryUsed() / 1024;
    v.close();
    return kib;
  });
}

/**
 * Slowdown factor of pure Lua work with the work budget's count hook on vs off: the median of
 * paired runs (on, off, alternately first), each timed in CPU of this process, so the machine's
 * load counts as little as it can.
 */
async function budgetOverhead(): Promise<number> {
  const src =
    'local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end zk.log(fib(25))';
  const cpuMs = async (budget: number) => {
    const v = await vm(src, budget);
    const c0 = process.cpuUsage();
    v.start();
    const c = process.cpuUsage(c0);
    v.close();
    return (c.user + c.system) / 1000;
  };
  const on = () => cpuMs(1e12);
  const off = () => cpuMs(Number.POSITIVE_INFINITY);
  await on();
  await off();
  const ratios: number[] = [];
  for (let i = 0; i < 9; i++) {
    if (i % 2 === 0) {
      const a = await on();
      ratios.push(a / (await off()));
    } else {
      const b = await off();
      ratios.push((await on()) / b);
    }
  }
  return median(ratios);
}

export async function benchLua(): Promise<LuaBenchResult[]> {
  return [
    { bench: 'lua.call_round_trip', unit: 'cpu us/call', median: round(await roundTrip(), 2) },
    { bench: 'lua.vm_start', unit: 'ms', median: round(await startTime(), 2) },
    { bench: 'lua.memory_per_vm', unit: 'KiB', median: round(await memoryPerVm(), 1) },
    { bench: 'lua.budget_hook_overhead', unit: 'x', median: round(await budgetOverhead(), 2) },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await benchLua())
    process.stdout.write(JSON.stringify({ ...r, node: process.version }) + '\n');
}
