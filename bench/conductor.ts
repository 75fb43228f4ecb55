// Conductor benchmarks in Node: a run through the conductor (in-process nodes, and nodes behind
// asynchronous hosts in this thread), and seek times. The same measurements in Chromium with real
// Web Workers are in bench/browser.ts. Run alone: npx tsx bench/conductor.ts
import { readFileSync } from 'node:fs';
import type { Conductor } from '../src/conductor/conductor.ts';
import { parseScenarioJson } from '../src/scenario/validate.ts';
import type { Scenario } from '../src/sim/scenario-types.ts';
import { type ManualTicker, startConductor } from '../test/support/conductor.ts';

export function benchScenario(): Scenario {
  const parsed = parseScenarioJson(
    readFileSync(new URL('./scenarios/lock-5x10.json', import.meta.url), 'utf8'),
  );
  if (!parsed.ok) throw new Error('bench/scenarios/lock-5x10.json is invalid');
  return parsed.scenario;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

async function playToEnd(conductor: Conductor, ticker: ManualTicker): Promise<void> {
  conductor.play(Number.POSITIVE_INFINITY);
  while (ticker.fire()) await conductor.idle();
  await conductor.idle();
}

export async function benchConductor(): Promise<Record<string, unknown>[]> {
  const scenario = benchScenario();
  const out: Record<string, unknown>[] = [];
  const wall: Record<string, number> = {};
  let events = 0;
  for (const mode of ['in-process', 'hosts'] as const) {
    const run = await startConductor(scenario, mode);
    const t0 = performance.now();
    await playToEnd(run.conductor, run.ticker);
    wall[mode] = performance.now() - t0;
    events = run.page.events.length;
    out.push({
      bench: `conductor.run_5x10.${mode}`,
      unit: 'ms',
      median: Math.round(wall[mode]!),
      events,
      eventsPerS: Math.round(events / (wall[mode]! / 1000)),
    });
    if (mode === 'in-process') {
      // Seek: 200 random times over the whole (computed) run.
      const times: number[] = [];
      let x = 12345;
      for (let i = 0; i < 200; i++) {
        x = (x * 1103515245 + 12345) % 2147483648;
        const t = x % scenario.duration;
        const s0 = performance.now();
        await run.conductor.seek(t);
        times.push(performance.now() - s0);
      }
      out.push({
        bench: 'conductor.seek_5x10',
        unit: 'ms',
        p50: round(percentile(times, 50), 2),
        p95: round(percentile(times, 95), 2),
        events,
      });
    }
    run.conductor.dispose();
  }
  out.push({
    bench: 'conductor.hosts_vs_in_process',
    unit: 'ratio',
    median: round(wall['hosts']! / wall['in-process']!, 2),
  });
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`)
  for (const r of await benchConductor()) process.stdout.write(JSON.stringify(r) + '\n');
