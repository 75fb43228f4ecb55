// Real traces against src/sim/trace/kinds.ts: every event's kind is declared and its fields are
// exactly the declared ones (the optional ones may be left out). The types check the producers at
// compile time; this catches what a cast or a spread slips past them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeWasmSource } from '../../src/lua/wasm-node.ts';
import { parseScenarioJson } from '../../src/scenario/validate.ts';
import { attachChecker } from '../../src/sim/check/index.ts';
import { LuaPool } from '../../src/sim/lua-pool.ts';
import { createSimulation } from '../../src/sim/simulation.ts';
import type { TraceEvent } from '../../src/sim/trace/event.ts';
import { TRACE_FIELDS } from '../../src/sim/trace/kinds.ts';

const EXAMPLES = join(import.meta.dirname, '../../examples');

/** Examples that between them emit most kinds: an ensemble with faults, sessions, Lua recipes. */
const FILES = [
  'standalone-basics.json',
  'session-expiry.json',
  'ensemble-failover.json',
  'lua-ensemble.json',
  'recipes/counter_unsafe.json',
];

/** The example's trace, checked online as the page does (check.violation events, if any). */
async function run(file: string): Promise<TraceEvent[]> {
  const r = parseScenarioJson(readFileSync(join(EXAMPLES, file), 'utf8'));
  if (!r.ok) throw new Error(`${file} is not valid`);
  const lua = await LuaPool.prepare(r.scenario, nodeWasmSource(), {});
  try {
    const sim = createSimulation(r.scenario, { lua });
    const online = attachChecker(sim);
    sim.runUntil(r.scenario.duration);
    online.finish();
    return sim.trace.events;
  } finally {
    lua.close();
  }
}

const traces = new Map<string, Promise<TraceEvent[]>>();
const trace = (file: string) => traces.get(file) ?? traces.set(file, run(file)).get(file)!;

/** What is wrong with `e` against TRACE_FIELDS, or null. */
function mismatch(e: TraceEvent): string | null {
  if (!Object.hasOwn(TRACE_FIELDS, e.kind)) return `undeclared kind ${e.kind}`;
  const declared: Readonly<Record<string, 'required' | 'optional'>> = TRACE_FIELDS[e.kind];
  const fields = Object.keys(e).filter(
    (k) => k !== 't' && k !== 'kind' && (e as object)[k as never] !== undefined,
  );
  const extra = fields.filter((f) => !Object.hasOwn(declared, f));
  const missing = Object.keys(declared).filter((f) => declared[f] === 'required' && !fields.includes(f));
  if (extra.length === 0 && missing.length === 0) return null;
  return `${e.kind}: undeclared ${extra.join(', ') || '-'}; missing ${missing.join(', ') || '-'}`;
}

describe('trace kinds', () => {
  it('flags an undeclared field and a missing one', () => {
    const e = { t: 0, kind: 'node.start', node: 'zk1', lostRecords: 1 } as unknown as TraceEvent;
    expect(mismatch(e)).toBe('node.start: undeclared lostRecords; missing incarnation');
    expect(mismatch({ t: 0, kind: 'no.such' } as unknown as TraceEvent)).toBe('undeclared kind no.such');
  });

  it.each(FILES)('%s emits only declared kinds with their declared fields', async (file) => {
    const events = await trace(file);
    expect(events.length).toBeGreaterThan(50);
    const wrong = new Set(events.map(mismatch).filter((m) => m !== null));
    expect([...wrong]).toEqual([]);
  });

  it('the examples together cover most kinds', async () => {
    const seen = new Set<string>();
    for (const file of FILES) for (const e of await trace(file)) seen.add(e.kind);
    expect(seen.size).toBeGreaterThan(Object.keys(TRACE_FIELDS).length / 2);
    expect(seen).toContain('fault');
  });
});
