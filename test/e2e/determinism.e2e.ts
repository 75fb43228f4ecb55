// One rule everything rests on: a scenario gives the same trace in the browser as in Node.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseScenarioJson } from '../../src/scenario/validate.ts';
import { createSimulation } from '../../src/sim/simulation.ts';
import type { E2ETest } from './harness.ts';
import { eventCount, runToEnd, waitReady } from './shell-page.ts';

function nodeRun(file: string): { hash: string; events: number } {
  const parsed = parseScenarioJson(readFileSync(file, 'utf8'));
  if (!parsed.ok) throw new Error(`${file} does not validate`);
  const sim = createSimulation(parsed.scenario);
  sim.runUntil(parsed.scenario.duration);
  return { hash: sim.traceHash(), events: sim.trace.events.length };
}

export const tests: E2ETest[] = [
  {
    name: 'the default scenario gives the same trace hash in Chromium as in Node',
    async run({ page }) {
      const expected = nodeRun('examples/standalone-basics.json');
      await waitReady(page);
      const hash = await runToEnd(page, 'max');
      assert.equal(await eventCount(page), expected.events);
      assert.equal(hash, expected.hash);
    },
  },
];
