// Scenarios the speed benchmarks share (bench/speed.ts in the simulator, bench/real-lock.ts on a
// real ZooKeeper), so both run exactly the same scripts.
import { validateScenario } from '../src/scenario/validate.ts';
import type { Scenario } from '../src/sim/scenario-types.ts';

/** A scenario document the benchmarks write by hand, validated (a mistake in it throws). */
export function scenario(doc: unknown): Scenario {
  const v = validateScenario(doc);
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  return v.scenario;
}

/** One client's part of the lock workload: take and release /lock `cycles` times, no sleeps. */
export function lockScript(cycles: number): string {
  return [
    'local lock = require("lock")',
    'local l = lock.new("/lock", { id = zk.session_id() })',
    `for i = 1, ${cycles} do`,
    '  assert(l:acquire())',
    '  l:release()',
    'end',
  ].join('\n');
}

/**
 * The lock workload of issue #13: 3 servers, 10 clients × 20 acquire/release cycles of the lock
 * recipe, no sleeps. Timed from the first client's start to the last script's end.
 */
export function lockWorkload(): Scenario {
  const script = lockScript(20);
  return scenario({
    version: 1,
    seed: 13,
    duration: 600_000,
    servers: { count: 3 },
    clients: Array.from({ length: 10 }, (_, i) => ({
      name: `c${i + 1}`,
      connect: [1, 2, 3],
      start: 0,
      script,
    })),
  });
}
