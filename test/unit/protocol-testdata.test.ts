// Data-driven protocol tests (docs/architecture.md, "Protocol testdata"): every case in
// test/protocol/testdata/*.txt runs its scenario and compares the trace excerpt it asks for with the
// expected lines. `REWRITE=1 npx vitest run test/unit/protocol-testdata.test.ts` rewrites the
// expectations from the runs — then read the diff: it is the behaviour change.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeRecipeModules } from '../../src/lua/recipes/load-node.ts';
import { excerpt, parseTestdata, rewrite } from '../protocol/testdata-format.ts';
import { simulateLua } from '../support/lua-run.ts';

const DIR = 'test/protocol/testdata';
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.txt'))
  .sort();

describe.each(files)('%s', (file) => {
  const path = join(DIR, file);
  const text = readFileSync(path, 'utf8');
  const cases = parseTestdata(text, path);
  const actual: { at: [number, number]; lines: string[] }[] = [];

  it.each(cases.map((c) => ({ ...c, name: `${file}:${c.line}` })))('$name', async (c) => {
    const run = await simulateLua({ ...c.scenario, duration: c.until }, nodeRecipeModules());
    const lines = excerpt(run.events as unknown as Record<string, unknown>[], c.shows);
    actual.push({ at: c.expectedAt, lines });
    if (process.env.REWRITE === '1') {
      if (actual.length === cases.length) writeFileSync(path, rewrite(text, actual));
      return;
    }
    expect(lines.length, 'the case shows at least one event').toBeGreaterThan(0);
    expect(lines).toEqual(c.expected);
  });
});

describe('the testdata format', () => {
  it('reads cases, filters by field value, and rewrites expectations in place', () => {
    const text = ['# c', 'run until=10 show=a.b(x,y=1)', '{"seed": 2}', '----', 'old', '', '# tail'].join(
      '\n',
    );
    const [c] = parseTestdata(text, 't.txt');
    expect(c).toMatchObject({ line: 2, until: 10, scenario: { seed: 2 }, expected: ['old'] });
    const events = [
      { t: 1, kind: 'a.b', x: 'p', y: 1 },
      { t: 2, kind: 'a.b', x: 'q', y: 2 },
      { t: 3, kind: 'a.c', x: 'r', y: 1 },
    ];
    const lines = excerpt(events, c!.shows);
    expect(lines).toEqual(['1 a.b x=p y=1']);
    expect(rewrite(text, [{ at: c!.expectedAt, lines: ['new', 'two'] }])).toBe(
      ['# c', 'run until=10 show=a.b(x,y=1)', '{"seed": 2}', '----', 'new', 'two', '', '# tail'].join('\n'),
    );
    expect(() => parseTestdata('run show=a(b)\n{}\n----\n', 'bad.txt')).toThrow('bad.txt:1: missing until');
  });
});
