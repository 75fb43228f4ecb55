// docs/checker.md's "how many seeds a bug takes" table is scripts/checker-table.ts's output. The
// full sweep behind it takes minutes, so this test checks what it can cheaply: the committed block
// is exactly what the script renders (markers, seed range, format, every bug once), and each bug's
// first failing seed, run again, fails with exactly the invariants the table says first fire there.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bugOptions, parseTable, renderTable, rowOf, tableBlock } from '../../scripts/checker-table.ts';
import { runSeed } from '../../src/sim/check/sweep.ts';
import { PROTOCOL_BUG_NAMES } from '../../src/sim/server/quorum/bugs.ts';

const doc = readFileSync(join(import.meta.dirname, '../../docs/checker.md'), 'utf8');
const block = tableBlock(doc);
const table = block === null ? null : parseTable(block);

describe('the checker table in docs/checker.md', () => {
  it('is the script’s output, for every protocol bug, with its seed range', () => {
    expect(block).not.toBeNull();
    expect(table).not.toBeNull();
    expect(renderTable(table!)).toBe(block);
    expect(table!.rows.map((r) => r.bug)).toEqual(PROTOCOL_BUG_NAMES);
    expect(table!.from).toBeLessThanOrEqual(table!.to);
  });

  it('rows are computed from per-seed results as documented', () => {
    const row = rowOf(
      'skip-epoch-agreement',
      new Map([
        [3, ['b', 'a']],
        [1, []],
        [5, ['a']],
      ]),
    );
    expect(row).toEqual({
      bug: 'skip-epoch-agreement',
      failing: 2,
      first: 3,
      by: [
        { invariant: 'a', seeds: 2, first: 3 },
        { invariant: 'b', seeds: 1, first: 3 },
      ],
    });
  });

  it.each(PROTOCOL_BUG_NAMES)('%s: its first failing seed fails as the table says', async (bug) => {
    const row = table!.rows.find((r) => r.bug === bug)!;
    if (row.first === null) return;
    const found = [
      ...new Set((await runSeed(row.first, bugOptions(bug))).violations.map((v) => v.invariant)),
    ].sort();
    const listed = row.by
      .filter((b) => b.first === row.first)
      .map((b) => b.invariant)
      .sort();
    expect(found).toEqual(listed);
  });
});
