// Node only (reads files, loads the Lua wasm from disk): what scripts/golden-links.ts and
// test/unit/link-golden.test.ts share — the golden-link records, the example files they come from,
// and a run of a scenario to its end. Do not import from browser code.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { nodeRecipeModules } from '../lua/recipes/load-node.ts';
import { nodeWasmSource } from '../lua/wasm-node.ts';
import { LuaPool, needsLua } from '../sim/lua-pool.ts';
import type { Scenario } from '../sim/scenario-types.ts';
import { createSimulation } from '../sim/simulation.ts';
import type { TraceEvent } from '../sim/trace/event.ts';

/** A link as it was once made, and what replaying it gave then: it must give the same forever. */
export interface GoldenLink {
  /** The example it was made from (path under examples/, without .json). */
  name: string;
  /** The link without '#': v1.… */
  link: string;
  /** Trace hash of the run to the scenario's duration. */
  hash: string;
  /** Number of trace events of that run. */
  events: number;
  /** The engine version that made the link and gave that run; absent means engine 1. */
  engine?: number;
}

/** The engine a record was made with. */
export function recordEngine(record: GoldenLink): number {
  return record.engine ?? 1;
}

export const GOLDEN_FILE = 'test/golden/links.json';
export const EXAMPLES_DIR = 'examples';

export function readGolden(file = GOLDEN_FILE): GoldenLink[] {
  return JSON.parse(readFileSync(file, 'utf8')) as GoldenLink[];
}

/** Every examples/**\/*.json as { name, path }, sorted by name. */
export function exampleFiles(dir = EXAMPLES_DIR): { name: string; path: string }[] {
  const walk = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(d, e.name)) : e.name.endsWith('.json') ? [join(d, e.name)] : [],
    );
  return walk(dir)
    .map((path) => ({ name: relative(dir, path).replace(/\.json$/, ''), path }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

export interface RunOutcome {
  hash: string;
  events: number;
  /** Messages of lua.error events: a script that failed (the run is still deterministic). */
  luaErrors: string[];
}

/**
 * Runs a scenario to its duration in Node, Lua clients included (as test/e2e/determinism.e2e.ts
 * does); `onEvent` sees each event as it is recorded.
 */
export async function runToEnd(scenario: Scenario, onEvent?: (e: TraceEvent) => void): Promise<RunOutcome> {
  const lua = needsLua(scenario)
    ? await LuaPool.prepare(scenario, nodeWasmSource(), nodeRecipeModules())
    : undefined;
  try {
    const sim = createSimulation(scenario, lua ? { lua } : {});
    if (onEvent) sim.trace.onEvent(onEvent);
    sim.runUntil(scenario.duration);
    const luaErrors = sim.trace.events
      .filter((e) => e.kind === 'lua.error')
      .map((e) => `${String(e.client)}: ${String(e.message)}`);
    return { hash: sim.traceHash(), events: sim.trace.events.length, luaErrors };
  } finally {
    lua?.close();
  }
}
