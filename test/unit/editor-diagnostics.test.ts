// Editor plumbing that does not need Monaco: which script a client runs at a time, Lua errors as
// markers (from a real run's trace and from a compile check by the simulator's Lua build), drafts.
import { describe, expect, it } from 'vitest';
import { clientScripts } from '../../src/app/editor/client-scripts.ts';
import { draftId, ScriptDrafts } from '../../src/app/editor/drafts.ts';
import { bareMessage, LuaErrorIndex, lineFromMessage } from '../../src/app/editor/lua-diagnostics.ts';
import { checkSyntax } from '../../src/app/editor/syntax-check.ts';
import { nodeWasmSource } from '../../src/lua/wasm-node.ts';
import { validateScenario } from '../../src/scenario/validate.ts';
import { LuaPool } from '../../src/sim/lua-pool.ts';
import type { Scenario } from '../../src/sim/scenario-types.ts';
import { createSimulation } from '../../src/sim/simulation.ts';
import type { TraceEvent } from '../../src/sim/trace/event.ts';

function scenario(
  clients: { name: string; script: string; start?: number }[],
  faults: unknown[] = [],
): Scenario {
  const v = validateScenario({
    version: 1,
    seed: 1,
    duration: 5000,
    servers: { count: 1 },
    clients: clients.map((c) => ({ connect: [1], ...c })),
    faults,
  });
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  return v.scenario;
}

async function run(s: Scenario): Promise<TraceEvent[]> {
  const lua = await LuaPool.prepare(s, nodeWasmSource());
  return createSimulation(s, { lua }).runUntil(s.duration);
}

describe('client scripts', () => {
  it('is the scenario script, or the last edit at or before the time asked', () => {
    const s = scenario(
      [
        { name: 'a', script: 'A0' },
        { name: 'b', script: 'B0' },
      ],
      [
        { at: 2000, action: 'script', target: 'a', script: 'A2' },
        { at: 1000, action: 'script', target: 'a', script: 'A1' },
      ],
    );
    expect(clientScripts(s)).toEqual([
      { client: 'a', source: 'A2', since: 2000 },
      { client: 'b', source: 'B0', since: 0 },
    ]);
    expect(clientScripts(s, 1500)[0]).toEqual({ client: 'a', source: 'A1', since: 1000 });
    expect(clientScripts(s, 999)[0]).toEqual({ client: 'a', source: 'A0', since: 0 });
  });
});

describe('Lua errors', () => {
  it('reads runtime and syntax errors of a real run, at their lines, per script version', async () => {
    const s = scenario(
      [
        { name: 'bad', script: 'zk.create("/a")\nlocal t = nil\nprint(t.x)\n' },
        { name: 'ugly', script: 'print(1)\nlocal x = = 2\n' },
        { name: 'good', script: 'zk.create("/b")\n' },
      ],
      [{ at: 3000, action: 'script', target: 'good', script: 'zk.sleep(10)\nerror("late")\n' }],
    );
    const trace = await run(s);
    const idx = new LuaErrorIndex();
    idx.update(trace);
    const bad = idx.forScript('bad', 0);
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatchObject({ line: 3, reason: 'runtime' });
    expect(bad[0]!.message).toMatch(/^client\.lua:3: attempt to index a nil value/);
    expect(idx.forScript('ugly', 0)).toMatchObject([{ line: 2, reason: 'syntax' }]);
    expect(idx.forScript('good', 0, 2999)).toEqual([]);
    expect(idx.forScript('good', 3000)).toMatchObject([{ line: 2, reason: 'runtime' }]);
    // a branch cut before the late error drops it
    const page = [...trace];
    page.length = page.findIndex((e) => e.t >= 3000);
    idx.update(page);
    expect(idx.forScript('good', 0)).toEqual([]);
    expect(idx.errors).toHaveLength(2);
  });

  it('compiles without running: the same message and line as the run reports', async () => {
    expect(await checkSyntax('c', 'zk.create("/a")\n', nodeWasmSource())).toBeNull();
    const d = await checkSyntax('c', 'print(1)\nlocal x = = 2\n', nodeWasmSource());
    expect(d).toMatchObject({ client: 'c', line: 2, reason: 'syntax', t: null });
    expect(d!.message).toMatch(/^client\.lua:2: unexpected symbol near '='/);
    expect(await checkSyntax('c', 'for i = 1, 3 do\n  print(i)\n', nodeWasmSource())).toMatchObject({
      line: 3,
    });
  });

  it('parses the client.lua:N: prefix', () => {
    expect(lineFromMessage("client.lua:12: attempt to call a nil value (global 'x')")).toBe(12);
    expect(lineFromMessage('error in callback: client.lua:7: boom')).toBe(7);
    expect(lineFromMessage('lock.lua:99: inside a module')).toBeNull();
    expect(lineFromMessage('myclient.lua:3: no')).toBeNull();
    expect(bareMessage('client.lua:12: boom')).toBe('boom');
  });
});

describe('drafts', () => {
  it('keeps text only while it differs from the applied script, and survives a reload', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    };
    const d = new ScriptDrafts(storage);
    const id = draftId('Lock (recipe)', 'c1');
    expect(d.text(id, 'applied')).toBe('applied');
    d.edit(id, 'mine', 'applied');
    expect(d.isDirty(id, 'applied')).toBe(true);
    expect(d.text(id, 'other applied')).toBe('mine');
    const reloaded = new ScriptDrafts(storage);
    expect(reloaded.text(id, 'applied')).toBe('mine');
    d.edit(id, 'mine', 'mine'); // applied
    expect(d.isDirty(id, 'mine')).toBe(false);
    expect(d.text(id, 'later')).toBe('later');
    expect(draftId(undefined, 'c')).not.toBe(draftId('x', 'c'));
  });
});
