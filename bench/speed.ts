// Issue #13's speed goals in Node, each a median of interleaved runs (this machine has 2 cores that
// other work shares: docs/conductor.md "Measurements" says how to read the numbers). Run alone:
// npx tsx bench/speed.ts [goal ...]   (goals: lock, bare, vms, fib, zkcall)
import { spawnSync } from 'node:child_process';
import { createLuaVm } from '../src/lua/index.ts';
import { nodeRecipeModules } from '../src/lua/recipes/load-node.ts';
import { nodeWasmSource } from '../src/lua/wasm-node.ts';
import { LuaPool } from '../src/sim/lua-pool.ts';
import { createSimulation } from '../src/sim/simulation.ts';
import { benchScenario } from './conductor.ts';
import { realLock } from './real-lock.ts';
import { lockWorkload, scenario } from './workloads.ts';

export interface SpeedResult {
  bench: string;
  unit: string;
  median: number;
  [k: string]: unknown;
}

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Milliseconds of this process's CPU (user + system): what a run costs whatever else the machine runs. */
function cpuSince(c0: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

async function lockRun(): Promise<{ wall: number; cpu: number; virtual: number; events: number }> {
  const s = lockWorkload();
  const lua = await LuaPool.prepare(s, nodeWasmSource(), nodeRecipeModules());
  try {
    const sim = createSimulation(s, { lua });
    let done = 0;
    let firstStart = Number.NaN;
    let lastEnd = 0;
    sim.trace.onEvent((e) => {
      if (e.kind === 'lua.done' || e.kind === 'lua.error') {
        done++;
        lastEnd = e.t;
      }
      if (e.kind === 'node.start' && Number.isNaN(firstStart)) firstStart = e.t;
    });
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    while (done < 10 && sim.world.step()) {}
    const wall = performance.now() - t0;
    const cpu = cpuSince(c0);
    if (done < 10) throw new Error('the lock workload did not finish');
    return { wall, cpu, virtual: lastEnd - firstStart, events: sim.trace.length };
  } finally {
    lua.close();
  }
}

async function bareRun(): Promise<{ wall: number; cpu: number; events: number }> {
  const s = benchScenario();
  const lua = await LuaPool.prepare(s, nodeWasmSource(), nodeRecipeModules());
  try {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const sim = createSimulation(s, { lua });
    sim.runUntil(s.duration);
    sim.traceHash();
    return { wall: performance.now() - t0, cpu: cpuSince(c0), events: sim.trace.length };
  } finally {
    lua.close();
  }
}

/** 200 Lua clients' VMs, as LuaPool.prepare makes them for a run. */
async function vms200(): Promise<{ wall: number; cpu: number }> {
  const s = scenario({
    version: 1,
    seed: 1,
    duration: 1000,
    servers: { count: 3 },
    clients: Array.from({ length: 200 }, (_, i) => ({ name: `c${i + 1}`, start: 0, script: 'zk.sleep(10)' })),
  });
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const lua = await LuaPool.prepare(s, nodeWasmSource(), nodeRecipeModules());
  const wall = performance.now() - t0;
  const cpu = cpuSince(c0);
  lua.close();
  return { wall, cpu };
}

/**
 * CPU ms of a run once V8 has done compiling: the least of 3 more runs after the median's. The
 * median's runs (2nd to 6th of the process) still pay TurboFan compiling on its own threads, which
 * process CPU counts (docs/kernel.md "Speed"); a long-lived process (the page, a sweep) runs warm.
 */
async function warmCpu(run: () => Promise<{ cpu: number }>): Promise<number> {
  let least = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) least = Math.min(least, (await run()).cpu);
  return least;
}

const FIB = 'local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end';

/** CPU ms of fib(30) in a VM with the default budget (cpu time: the machine's load does not count). */
async function fibWasm(budget?: number): Promise<number> {
  const vm = await createLuaVm(nodeWasmSource(), {
    seed: 1,
    now: () => 0,
    ...(budget === undefined ? {} : { instructionBudget: budget }),
  });
  vm.load(`${FIB} zk.log(fib(30))`);
  const c0 = process.cpuUsage();
  const step = vm.start();
  const ms = (process.cpuUsage().user - c0.user) / 1000;
  vm.close();
  if (step.kind !== 'call') throw new Error(`fib(30) did not finish: ${JSON.stringify(step)}`);
  return ms;
}

/** CPU ms of fib(30) in Debian's lua5.4, or null when it is not installed. */
function fibNative(): number | null {
  const r = spawnSync('lua5.4', ['-e', `${FIB} local c = os.clock() fib(30) io.write(os.clock() - c)`], {
    encoding: 'utf8',
  });
  return r.status === 0 ? Number(r.stdout) * 1000 : null;
}

/** µs per zk call from a Lua script through the whole simulator (VM, session, network, server). */
async function zkCall(): Promise<{ wall: number; cpu: number }> {
  const calls = 5000;
  const s = scenario({
    version: 1,
    seed: 1,
    duration: 600_000,
    clients: [{ name: 'lua', script: `for i = 1, ${calls} do zk.exists("/x") end` }],
  });
  const lua = await LuaPool.prepare(s, nodeWasmSource());
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const sim = createSimulation(s, { lua });
  sim.runUntil(s.duration);
  const wall = ((performance.now() - t0) * 1000) / calls;
  const cpu = (cpuSince(c0) * 1000) / calls;
  lua.close();
  return { wall, cpu };
}

export async function benchSpeed(
  goals: string[] = ['lock', 'bare', 'vms', 'fib', 'zkcall'],
): Promise<SpeedResult[]> {
  const out: SpeedResult[] = [];
  const reps = 5;
  if (goals.includes('lock')) {
    await lockRun(); // warm-up
    const runs = [];
    for (let i = 0; i < reps; i++) runs.push(await lockRun());
    const warm = await warmCpu(lockRun);
    const wall = median(runs.map((r) => r.wall));
    const real = await realLock(reps);
    const realMs = 'runs' in real ? median(real.runs.map((r) => r.wallMs)) : null;
    out.push({
      bench: 'speed.lock_3x10x20',
      unit: 'ms',
      median: Math.round(wall),
      cpuMs: Math.round(median(runs.map((r) => r.cpu))),
      warmCpuMs: Math.round(warm),
      virtualMs: runs[0]!.virtual,
      events: runs[0]!.events,
      // The same scripts on a real 3-server ZooKeeper on loopback (bench/real-lock.ts).
      realZooKeeperMs:
        realMs === null ? `not run: ${(real as { unavailable: string }).unavailable}` : Math.round(realMs),
      vsRealZooKeeper: realMs === null ? null : round(realMs / wall, 1),
      // The same by CPU: what the machine's other load does not inflate (docs/kernel.md "Speed").
      vsRealByCpu: realMs === null ? null : round(realMs / median(runs.map((r) => r.cpu)), 1),
      virtualVsReal: realMs === null ? null : round(runs[0]!.virtual / realMs, 2),
    });
  }
  if (goals.includes('bare')) {
    await bareRun();
    const runs = [];
    for (let i = 0; i < reps; i++) runs.push(await bareRun());
    const warm = await warmCpu(bareRun);
    const wall = median(runs.map((r) => r.wall));
    out.push({
      bench: 'speed.lock_5x10.bare',
      unit: 'x real time',
      median: Math.round(benchScenario().duration / wall),
      wallMs: Math.round(wall),
      cpuMs: Math.round(median(runs.map((r) => r.cpu))),
      byCpu: Math.round(benchScenario().duration / median(runs.map((r) => r.cpu))),
      warmCpuMs: Math.round(warm),
      warmByCpu: Math.round(benchScenario().duration / warm),
      events: runs[0]!.events,
    });
  }
  if (goals.includes('vms')) {
    await vms200();
    const runs = [];
    for (let i = 0; i < reps; i++) runs.push(await vms200());
    out.push({
      bench: 'speed.lua_vms_200',
      unit: 'ms',
      median: Math.round(median(runs.map((r) => r.wall))),
      cpuMs: Math.round(median(runs.map((r) => r.cpu))),
    });
  }
  if (goals.includes('fib')) {
    const wasm: number[] = [];
    const off: number[] = [];
    const native: number[] = [];
    await fibWasm();
    for (let i = 0; i < reps; i++) {
      wasm.push(await fibWasm());
      off.push(await fibWasm(Number.POSITIVE_INFINITY));
      const n = fibNative();
      if (n !== null) native.push(n);
    }
    const n = native.length > 0 ? median(native) : null;
    out.push({
      bench: 'speed.lua_fib30',
      unit: 'cpu ms',
      median: Math.round(median(wasm)),
      budgetOff: Math.round(median(off)),
      native: n === null ? 'lua5.4 not installed' : Math.round(n),
      vsNative: n === null ? null : round(median(wasm) / n, 2),
    });
  }
  if (goals.includes('zkcall')) {
    await zkCall();
    const runs = [];
    for (let i = 0; i < reps; i++) runs.push(await zkCall());
    out.push({
      bench: 'speed.lua_zk_call',
      unit: 'us/call',
      median: round(median(runs.map((r) => r.wall))),
      cpuUs: round(median(runs.map((r) => r.cpu))),
    });
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const goals = process.argv.slice(2);
  for (const r of await benchSpeed(goals.length > 0 ? goals : undefined))
    process.stdout.write(JSON.stringify({ ...r, node: process.version }) + '\n');
}
