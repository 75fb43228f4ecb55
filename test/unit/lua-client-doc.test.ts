// docs/lua-api.md cannot drift from the code: every ```lua block of the page runs here as the
// script of client `c` (standalone server unless the block's <!-- scenario: … --> says otherwise),
// and what its comments promise is checked: `--> line` (the printed lines, in order),
// `--! error: message` (the script ends with that lua.error), `--! trace: {json}` (an event with
// those fields). The page must also document every function of `zk` with an example that calls it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ZK_FUNCTIONS } from '../../src/lua/lua-source.ts';
import type { TraceEvent } from '../../src/sim/trace/event.ts';
import { finished, logsOf, luaErrors, simulateLua } from '../support/lua-run.ts';

const DOC_PATH = join(import.meta.dirname, '../../docs/lua-api.md');
const DOC = readFileSync(DOC_PATH, 'utf8');

interface Example {
  /** 1-based line of the opening fence in docs/lua-api.md. */
  line: number;
  /** The heading the block is under. */
  section: string;
  code: string;
  output: string[];
  error: string | null;
  traces: Record<string, unknown>[];
  scenario: Record<string, unknown>;
}

const SCENARIO_COMMENT = /^<!-- scenario: (.*) -->$/;

function parseExamples(text: string): Example[] {
  const lines = text.split('\n');
  const out: Example[] = [];
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heading = /^#{1,6} (.*)$/.exec(line);
    if (heading) section = heading[1]!;
    if (line !== '```lua') continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== '```'; i++) body.push(lines[i]!);
    if (i >= lines.length) throw new Error(`docs/lua-api.md:${start + 1}: unclosed lua block`);
    const before = SCENARIO_COMMENT.exec(lines[start - 1] ?? '');
    const example: Example = {
      line: start + 1,
      section,
      code: `${body.join('\n')}\n`,
      output: [],
      error: null,
      traces: [],
      scenario: before ? (JSON.parse(before[1]!) as Record<string, unknown>) : {},
    };
    for (const b of body) {
      const printed = /^--> ?(.*)$/.exec(b);
      if (printed) example.output.push(printed[1]!);
      const error = /^--! error: (.*)$/.exec(b);
      if (error) example.error = error[1]!;
      const trace = /^--! trace: (.*)$/.exec(b);
      if (trace) example.traces.push(JSON.parse(trace[1]!) as Record<string, unknown>);
    }
    out.push(example);
  }
  return out;
}

/** Does `actual` hold every field of `expected` (objects compared field by field, recursively)? */
function matches(actual: unknown, expected: unknown): boolean {
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
    return Object.entries(expected).every(([k, v]) => matches((actual as Record<string, unknown>)[k], v));
  }
  if (typeof actual === 'bigint') return `0x${actual.toString(16)}` === expected;
  return JSON.stringify(actual) === JSON.stringify(expected);
}

async function run(example: Example): Promise<TraceEvent[]> {
  const {
    client = {},
    clients = [],
    ...rest
  } = example.scenario as {
    client?: Record<string, unknown>;
    clients?: Record<string, unknown>[];
  };
  const { events } = await simulateLua({
    ...rest,
    clients: [{ name: 'c', script: example.code, ...client }, ...clients],
  });
  return events;
}

const EXAMPLES = parseExamples(DOC);

describe('docs/lua-api.md', () => {
  it('has runnable examples', () => {
    expect(EXAMPLES.length).toBeGreaterThan(30);
  });

  it('has a section with an example for every zk function, and none for a function zk lacks', () => {
    const sections = [...DOC.matchAll(/^### zk\.(\w+)$/gm)].map((m) => m[1]);
    expect([...sections].sort()).toEqual([...ZK_FUNCTIONS].sort());
    for (const name of ZK_FUNCTIONS) {
      const calling = EXAMPLES.filter((e) => e.section === `zk.${name}` && e.code.includes(`zk.${name}(`));
      expect(calling, `an example under "### zk.${name}" that calls zk.${name}(`).not.toHaveLength(0);
    }
  });

  it('lists every zk function in the quick reference', () => {
    for (const name of ZK_FUNCTIONS) expect(DOC).toContain(`| \`zk.${name}(`);
  });

  it.each(EXAMPLES.map((e) => [`line ${e.line} (${e.section})`, e] as const))(
    'example at %s runs as documented',
    async (_name, example) => {
      const events = await run(example);
      // Printed lines: tabs (print's separator) are written as one space on the page.
      expect(logsOf(events).map((l) => l.replaceAll('\t', ' '))).toEqual(example.output);
      const errors = luaErrors(events);
      if (example.error === null) {
        expect(errors).toEqual([]);
        expect(finished(events)).toBe(true);
      } else {
        expect(errors.map((e) => `${e.client}: ${e.message}`)).toEqual([`c: ${example.error}`]);
        expect(finished(events)).toBe(false);
      }
      for (const t of example.traces) {
        expect(
          events.some((e) => matches(e, t)),
          `an event with ${JSON.stringify(t)}`,
        ).toBe(true);
      }
      // Every client.* and lua.* kind a script produces is described on the page.
      for (const kind of new Set(events.map((e) => e.kind)))
        if (/^(lua|client)\./.test(kind)) expect(DOC).toContain(`\`${kind}\``);
    },
  );
});
