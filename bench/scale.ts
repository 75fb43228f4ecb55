// Issue #13 goal 5: big runs, bare and through the conductor, each in a child process of its own so
// that its peak RSS is its own. Run alone: npx tsx bench/scale.ts [clients200|znodes100k ...]
// (a child runs: npx tsx bench/scale.ts --one <name> <bare|conductor>)
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { nodeRecipeModules } from '../src/lua/recipes/load-node.ts';
import { nodeWasmSource } from '../src/lua/wasm-node.ts';
import { validateScenario } from '../src/scenario/validate.ts';
import { LuaPool } from '../src/sim/lua-pool.ts';
import type { Scenario } from '../src/sim/scenario-types.ts';
import { createSimulation } from '../src/sim/simulation.ts';
import { startConductor } from '../test/support/conductor.ts';

function scenario(doc: unknown): Scenario {
  const v = validateScenario(doc);
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  return v.scenario;
}

const SCENARIOS: Record<string, () => Scenario> = {
  /** 9 servers, 200 Lua clients each writing its own znode every 500 ms and reading a shared one, 60 virtual s. */
  clients200: () =>
    scenario({
      version: 1,
      seed: 5,
      duration: 60_000,
      servers: { count: 9 },
      clients: Array.from({ length: 200 }, (_, i) => ({
        name: `c${i + 1}`,
        start: 1000 + i * 5,
        script: [
          `local me = "/c${i + 1}"`,
          'zk.create(me, "0")',
          'local n = 0',
          'while true do',
          '  n = n + 1',
          '  zk.set(me, tostring(n))',
          '  zk.get("/c1")',
          '  zk.sleep(500)',
          'end',
        ].join('\n'),
      })),
    }),
  /** 3 servers, 10 clients creating 10,000 znodes each (100k in all), 60 virtual s. */
  znodes100k: () =>
    scenario({
      version: 1,
      seed: 6,
      duration: 60_000,
      servers: { count: 3 },
      clients: Array.from({ length: 10 }, (_, i) => ({
        name: `c${i + 1}`,
        start: 1000,
        script: [
          `zk.create("/d${i + 1}", "")`,
          `for j = 1, 10000 do zk.create("/d${i + 1}/n" .. j, "x") end`,
        ].join('\n'),
      })),
    }),
};

async function runOne(name: string, mode: string): Promise<Record<string, unknown>> {
  const s = SCENARIOS[name]!();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let events = 0;
  if (mode === 'bare') {
    const lua = await LuaPool.prepare(s, nodeWasmSource(), nodeRecipeModules());
    const sim = createSimulation(s, { lua });
    // As `npm run sim` runs: each event hashed and dropped (the conductor keeps them: that is its job).
    sim.trace.stream();
    sim.runUntil(s.duration);
    sim.traceHash();
    events = sim.trace.length;
    lua.close();
  } else {
    const run = await startConductor(s, 'in-process');
    run.conductor.play(Number.POSITIVE_INFINITY);
    while (run.ticker.fire()) await run.conductor.idle();
    await run.conductor.idle();
    events = run.page.events.length;
    run.conductor.dispose();
  }
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  return {
    bench: `scale.${name}.${mode}`,
    unit: 'ms',
    median: Math.round(wall),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    events,
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

export function benchScale(names = Object.keys(SCENARIOS)): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const self = fileURLToPath(import.meta.url);
  for (const name of names) {
    const modes: Record<string, Record<string, unknown>> = {};
    for (const mode of ['bare', 'conductor']) {
      const r = spawnSync('npx', ['tsx', self, '--one', name, mode], {
        encoding: 'utf8',
        maxBuffer: 1 << 24,
      });
      const line = r.stdout.trim().split('\n').pop() ?? '';
      if (r.status !== 0 || !line.startsWith('{')) {
        out.push({ bench: `scale.${name}.${mode}`, error: (r.stderr || r.stdout).slice(-400) });
        continue;
      }
      modes[mode] = JSON.parse(line) as Record<string, unknown>;
      out.push(modes[mode]!);
    }
    if (modes['bare'] && modes['conductor']) {
      const ratio = (field: string) =>
        Math.round(((modes['conductor']![field] as number) / (modes['bare']![field] as number)) * 100) / 100;
      out.push({ bench: `scale.${name}.conductor_vs_bare`, unit: 'ratio', median: ratio('median') });
      // On a shared machine wall time follows the other work; CPU time is the fair comparison (goal: ≤ 3).
      out.push({ bench: `scale.${name}.conductor_vs_bare_cpu`, unit: 'ratio', median: ratio('cpuMs') });
    }
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  if (args[0] === '--one') process.stdout.write(JSON.stringify(await runOne(args[1]!, args[2]!)) + '\n');
  else
    for (const r of benchScale(args.length > 0 ? args : undefined))
      process.stdout.write(JSON.stringify({ ...r, node: process.version }) + '\n');
}
