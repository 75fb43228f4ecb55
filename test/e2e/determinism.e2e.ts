// One rule everything rests on: a scenario gives the same trace in the browser as in Node. Every
// shipped example is run in Chromium (picked with #example=<id>) and compared with a Node run.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { nodeRecipeModules } from '../../src/lua/recipes/load-node.ts';
import { nodeWasmSource } from '../../src/lua/wasm-node.ts';
import { parseScenarioJson } from '../../src/scenario/validate.ts';
import { LuaPool } from '../../src/sim/lua-pool.ts';
import { createSimulation } from '../../src/sim/simulation.ts';
import type { E2ETest } from './harness.ts';
import { byTestId, eventCount, runToEnd, waitReady } from './shell-page.ts';

async function nodeRun(file: string): Promise<{ hash: string; events: number }> {
  const parsed = parseScenarioJson(readFileSync(file, 'utf8'));
  if (!parsed.ok) throw new Error(`${file} does not validate`);
  const scenario = parsed.scenario;
  const lua = scenario.clients.some((c) => c.script !== undefined)
    ? await LuaPool.prepare(scenario, nodeWasmSource(), nodeRecipeModules())
    : undefined;
  const sim = createSimulation(scenario, lua ? { lua } : {});
  sim.runUntil(scenario.duration);
  lua?.close();
  // A script that fails the same way in both places would still hash equal: make sure none failed.
  const failed = sim.trace.events.find((e) => e.kind === 'lua.error');
  if (failed) throw new Error(`${file}: ${String(failed.client)} failed in Node: ${String(failed.message)}`);
  return { hash: sim.traceHash(), events: sim.trace.events.length };
}

function exampleFiles(dir = 'examples'): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((d) =>
      d.isDirectory() ? exampleFiles(join(dir, d.name)) : d.name.endsWith('.json') ? [join(dir, d.name)] : [],
    )
    .sort();
}

export const tests: E2ETest[] = exampleFiles().map((file) => {
  const id = relative('examples', file).replace(/\.json$/, '');
  return {
    name: `example ${id} gives the same trace hash in Chromium as in Node`,
    timeoutMs: 120_000,
    async run({ page, url }) {
      const expected = await nodeRun(file);
      await page.goto(`${url}#example=${encodeURIComponent(id)}`);
      await page.reload();
      await waitReady(page);
      assert.equal(await page.inputValue(byTestId('example-select')), id);
      const hash = await runToEnd(page, 'max');
      assert.equal(await eventCount(page), expected.events);
      assert.equal(hash, expected.hash);
    },
  };
});
