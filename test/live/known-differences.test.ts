import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allCases, loadKnown, matchKnown } from '../conformance/suite.ts';

// docs/conformance.md lists the known differences the conformance suite accepts; the suite reads
// them from test/conformance/known-differences.json. The two must say the same.
const DOC = readFileSync(new URL('../../docs/conformance.md', import.meta.url), 'utf8');
const rows = [...DOC.matchAll(/^\| `([\w-]+)` \|/gm)].map((m) => m[1]);

describe('known differences', () => {
  it('docs/conformance.md has a row for each entry of known-differences.json, and no other', () => {
    expect(rows.sort()).toEqual(
      loadKnown()
        .map((k) => k.id)
        .sort(),
    );
  });

  it('each entry has a reason, a valid pattern, and scenarios that exist', () => {
    const names = allCases().cases.map((c) => c.name);
    for (const k of loadKnown()) {
      expect(k.reason.length).toBeGreaterThan(40);
      expect(() => new RegExp(k.match)).not.toThrow();
      for (const s of k.scenarios ?? [])
        expect(
          names.some((n) => n.startsWith(s)),
          s,
        ).toBe(true);
    }
  });

  it('matches the auth reply difference and not a reply difference elsewhere', () => {
    const known = loadKnown();
    expect(
      matchKnown('c: client.reply add_auth null (#3/#3): zxid: sim +0x0 ≠ live 0x0', 'x', known)?.id,
    ).toBe('auth-reply-zxid');
    expect(matchKnown('c: client.reply get /a (#3/#3): zxid: sim +0x0 ≠ live 0x0', 'x', known)).toBeNull();
    // Scoped: the wall clock only where the examples print zk.now().
    const now = 'c: lua.log (#6/#6): message: sim "1008\\tawake" ≠ live "1011\\tawake"';
    expect(matchKnown(now, 'lua-api.md zk.sleep #1', known)?.id).toBe('wall-clock');
    expect(matchKnown(now, 'create: every mode and what its Stat says', known)).toBeNull();
  });

  it('the suite has at least 60 scenarios, the examples of docs/lua-api.md among them', () => {
    const { cases, skipped } = allCases();
    expect(cases.length).toBeGreaterThanOrEqual(60);
    expect(cases.filter((c) => c.name.startsWith('lua-api.md')).length).toBeGreaterThan(30);
    expect(skipped.every((s) => s.endsWith('(faults)'))).toBe(true);
  });
});
