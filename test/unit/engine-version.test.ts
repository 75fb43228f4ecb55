// The engine version is the count of deliberate behaviour changes: each change names its version
// (2, 3, …, in order) and says in both languages what a replay of an older link may show.
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../src/scenario/validate.ts';
import { readGolden } from '../../src/share/golden-node.ts';
import { decodeLink, encodeLink } from '../../src/share/link.ts';
import { changesSince, ENGINE_CHANGES, ENGINE_VERSION } from '../../src/sim/engine-version.ts';

describe('engine version', () => {
  it('numbers its changes 2, 3, … and describes each in English and Chinese', () => {
    expect(ENGINE_CHANGES.map((c) => c.version)).toEqual(ENGINE_CHANGES.map((_, i) => i + 2));
    expect(ENGINE_VERSION).toBe(ENGINE_CHANGES.length + 1);
    for (const change of ENGINE_CHANGES) {
      expect(change.changes.length).toBeGreaterThan(0);
      for (const line of change.changes) {
        expect(line.en.trim()).not.toBe('');
        expect(line.zh.trim()).not.toBe('');
      }
    }
  });

  it('lists what changed since an older version, nothing for the running one', () => {
    expect(changesSince(ENGINE_VERSION)).toEqual([]);
    expect(changesSince(1)).toEqual(ENGINE_CHANGES);
  });

  it('is stamped into new links, and a link without one reads as engine 1', () => {
    const v = validateScenario({ version: 1, seed: 1, duration: 1000, servers: { count: 1 } });
    if (!v.ok) throw new Error('invalid');
    const made = encodeLink({ scenario: v.scenario });
    if (!made.ok) throw new Error(made.error.message);
    const decoded = decodeLink(made.link);
    expect(decoded.ok && decoded.doc.engine).toBe(ENGINE_VERSION);
    // The golden 'welcome' record was made before links carried an engine version.
    const old = readGolden().find((g) => g.name === 'welcome');
    if (old === undefined) throw new Error('no golden welcome link');
    const decodedOld = decodeLink(old.link);
    expect(decodedOld.ok && decodedOld.doc.engine).toBe(1);
  });
});
