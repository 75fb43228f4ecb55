// Forever links: every link in test/golden/links.json was made once and may have been shared; it
// must still decode, and its run must still give the recorded trace hash and event count. A failure
// here means old links now replay differently — see docs/links.md, "Golden links", before touching
// the file (scripts/golden-links.ts).
import { describe, expect, it } from 'vitest';
import { readGolden, runToEnd } from '../../src/share/golden-node.ts';
import { decodeLink } from '../../src/share/link.ts';

const golden = readGolden();

describe('golden links', () => {
  it('are there, one name each', () => {
    expect(golden.length).toBeGreaterThanOrEqual(25);
    expect(new Set(golden.map((g) => g.name)).size).toBe(golden.length);
  });

  it.each(golden)('$name replays as recorded', async ({ link, hash, events }) => {
    const decoded = decodeLink(link);
    if (!decoded.ok) throw new Error(`the link no longer decodes: ${decoded.error.message}`);
    const run = await runToEnd(decoded.doc.scenario);
    expect({ hash: run.hash, events: run.events }).toEqual({ hash, events });
  });
});
