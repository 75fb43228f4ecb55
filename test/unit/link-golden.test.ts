// Forever links: every link in test/golden/links.json was made once and may have been shared. A link
// made with the running engine version must give the recorded trace hash and event count; a link of
// an older engine must still decode and run, and the page must have a notice that says what changed
// since (docs/links.md, "Engine versions"). A failure here means old links now replay differently —
// read docs/links.md before touching the file (scripts/golden-links.ts).
import { describe, expect, it } from 'vitest';
import { readGolden, recordEngine, runToEnd } from '../../src/share/golden-node.ts';
import { decodeLink } from '../../src/share/link.ts';
import { changesSince, ENGINE_VERSION } from '../../src/sim/engine-version.ts';

const golden = readGolden();
const ofThisEngine = golden.filter((g) => recordEngine(g) === ENGINE_VERSION);
const ofOlderEngines = golden.filter((g) => recordEngine(g) !== ENGINE_VERSION);

describe('golden links', () => {
  it('are there, one name each, and every example has a link of the running engine', () => {
    expect(ofThisEngine.length).toBeGreaterThanOrEqual(25);
    expect(new Set(golden.map((g) => g.name)).size).toBe(golden.length);
  });

  it.each(ofThisEngine)('$name replays as recorded', async ({ link, hash, events }) => {
    const decoded = decodeLink(link);
    if (!decoded.ok) throw new Error(`the link no longer decodes: ${decoded.error.message}`);
    expect(decoded.doc.engine).toBe(ENGINE_VERSION);
    const run = await runToEnd(decoded.doc.scenario);
    expect({ hash: run.hash, events: run.events }).toEqual({ hash, events });
  });

  it.each(ofOlderEngines)(
    '$name (an older engine) still opens, with a notice of what changed',
    async (record) => {
      const decoded = decodeLink(record.link);
      if (!decoded.ok) throw new Error(`the link no longer decodes: ${decoded.error.message}`);
      expect(decoded.doc.engine).toBe(recordEngine(record));
      expect(changesSince(recordEngine(record)).length).toBeGreaterThan(0);
      const run = await runToEnd(decoded.doc.scenario);
      expect(run.events).toBeGreaterThan(0);
    },
  );
});
