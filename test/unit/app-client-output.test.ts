// A client's output console (issue #15 item 7), from a real run: a script prints with tabs, then
// fails; the console has its lines as printed (a real tab), its error last, nothing after the
// cursor and nothing of another client.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isOutputEvent, outputLines } from '../../src/app/editor/client-output.ts';
import { createInProcessEngine } from '../../src/conductor/in-process-engine.ts';
import { parseScenarioJson } from '../../src/scenario/validate.ts';
import type { Scenario } from '../../src/sim/scenario-types.ts';
import type { TraceEvent } from '../../src/sim/trace/event.ts';
import { nodeLua } from '../support/conductor.ts';

async function run(): Promise<{ events: readonly TraceEvent[] }> {
  const parsed = parseScenarioJson(readFileSync('examples/lua-basics.json', 'utf8'));
  if (!parsed.ok) throw new Error('invalid example');
  const base = parsed.scenario;
  const scenario: Scenario = {
    ...base,
    clients: [
      { ...base.clients[0]!, script: 'print("a", 1)\nzk.sleep(100)\nprint("b")\nerror("boom")\n' },
      base.clients[1]!,
    ],
  };
  const engine = await createInProcessEngine(scenario, nodeLua());
  await engine.advance(5_000, Number.POSITIVE_INFINITY);
  const events = engine.events.slice();
  engine.dispose();
  return { events };
}

describe('client output', () => {
  it('shows what a client printed, tab and all, then its error; only up to the cursor', async () => {
    const { events } = await run();
    const indexes = events.flatMap((e, i) => (isOutputEvent(e) ? [i] : []));
    const app = 'app';
    const all = outputLines(events, indexes, app, events.length);
    expect(all.map((l) => [l.text, l.error])).toEqual([
      ['a\t1', false],
      ['b', false],
      [expect.stringContaining('boom'), true],
    ]);
    // the cursor between the two prints: the first line only
    const second = all[1]!.index;
    expect(outputLines(events, indexes, app, second).map((l) => l.text)).toEqual(['a\t1']);
    // another client's lines are not in it
    expect(
      outputLines(events, indexes, app, events.length).every((l) => !l.text.startsWith('presence')),
    ).toBe(true);
    expect(outputLines(events, indexes, app, events.length, 1)).toHaveLength(1);
  });
});

describe('readable sizes in Lua messages', () => {
  it('says whole KiB, MiB and GiB as such, and leaves other numbers alone', async () => {
    const { readableSizes, bareMessage } = await import('../../src/app/editor/lua-diagnostics.ts');
    expect(bareMessage('client.lua:1: not enough memory (the Lua heap limit is 33554432 bytes)')).toBe(
      'not enough memory (the Lua heap limit is 32 MiB)',
    );
    expect(readableSizes('1048576 bytes, 4096 bytes, 1048575 bytes, 12 bytes')).toBe(
      '1 MiB, 4 KiB, 1048575 bytes, 12 bytes',
    );
  });
});
