// A recorded trace event never changes afterwards. The recorder hashes kept events only when the
// hash is asked for (docs/trace.md), so an event that shared an object the run later mutated (a
// znode's Stat, a list a server keeps growing) would change the hash of every run that holds it.
// Here each event's canonical line is hashed the moment it is recorded and compared with the hash
// the recorder computes at the end, over every shipped example and sweep seeds with faults.
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { exampleFiles, runToEnd } from '../../src/share/golden-node.ts';
import { DEFAULT_SWEEP_OPTIONS, sweepScenario } from '../../src/sim/check/sweep.ts';
import type { Scenario } from '../../src/sim/scenario-types.ts';
import { LineHasher } from '../../src/sim/trace/line-hasher.ts';
import { example } from '../support/views.ts';

/** The hash of each event's line as it was recorded, and the hash the recorder gives at the end. */
async function hashes(scenario: Scenario): Promise<{ asRecorded: string; atEnd: string; events: number }> {
  const asRecorded = new LineHasher();
  const run = await runToEnd(scenario, (e) => asRecorded.addEvent(e));
  return { asRecorded: bytesToHex(asRecorded.digest()), atEnd: run.hash, events: run.events };
}

describe('recorded events', () => {
  it.each(exampleFiles())('are not changed later by the run: examples/$name', async ({ name }) => {
    const h = await hashes(example(`${name}.json`));
    expect(h.events).toBeGreaterThan(0);
    expect(h.atEnd).toBe(h.asRecorded);
  });

  it('are not changed later by the run: sweep seeds 1–30 (crashes, partitions, pauses, restarts)', async () => {
    for (let seed = 1; seed <= 30; seed++) {
      const h = await hashes(sweepScenario(seed, DEFAULT_SWEEP_OPTIONS));
      expect({ seed, hash: h.atEnd }).toEqual({ seed, hash: h.asRecorded });
    }
  });
});
