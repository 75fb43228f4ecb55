// The editor's zk API data (src/app/editor/zk-api-docs.ts) against the API's documentation and the
// VM: every `zk.<name>` docs/lua-api.md documents is there with the same signature, and nothing else.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { signatureParams, ZK_API_DOCS, zkApiDoc } from '../../src/app/editor/zk-api-docs.ts';
import { ZK_FUNCTIONS } from '../../src/lua/lua-source.ts';

const DOC = readFileSync(join(import.meta.dirname, '../../docs/lua-api.md'), 'utf8');

/** `### zk.name` section headings. */
const sections = [...DOC.matchAll(/^### zk\.(\w+)\s*$/gm)].map((m) => m[1]!);
/** The quick reference table's rows: `| \`zk.name(params)\` | returns | ... |` → name → signature. */
const quickSection = DOC.slice(
  DOC.indexOf('## Quick reference'),
  DOC.indexOf('\n## ', DOC.indexOf('## Quick reference')),
);
const quickRef = new Map(
  [...quickSection.matchAll(/^\| `(zk\.(\w+)\([^)]*\))`/gm)].map((m) => [m[2]!, m[1]!] as const),
);
/** Every `zk.name` the page mentions at all. */
const mentioned = new Set([...DOC.matchAll(/\bzk\.(\w+)/g)].map((m) => m[1]!));

const sorted = (xs: Iterable<string>) => [...xs].sort();
const names = ZK_API_DOCS.map((d) => d.name);

describe('zk API docs for the editor', () => {
  it('has every documented zk call and no other', () => {
    expect(sections.length).toBeGreaterThan(15);
    expect(sorted(names)).toEqual(sorted(sections));
    expect(sorted(names)).toEqual(sorted(quickRef.keys()));
    expect(sorted(names)).toEqual(sorted(mentioned));
  });

  it('matches the functions the Lua VM defines', () => {
    expect(sorted(names)).toEqual(sorted(ZK_FUNCTIONS));
  });

  it('has each signature as the quick reference writes it', () => {
    for (const d of ZK_API_DOCS) expect(d.signature, d.name).toBe(quickRef.get(d.name));
  });

  it('has a one-line description and a result for every call', () => {
    for (const d of ZK_API_DOCS) {
      expect(d.summary.length, d.name).toBeGreaterThan(10);
      expect(d.summary, d.name).not.toContain('\n');
      expect(d.returns.length, d.name).toBeGreaterThan(0);
    }
    expect(new Set(names).size).toBe(names.length);
  });

  it('looks calls up by name and splits parameters', () => {
    expect(zkApiDoc('create')?.signature).toBe('zk.create(path, data?, opts?)');
    expect(zkApiDoc('nope')).toBeUndefined();
    expect(signatureParams('zk.create(path, data?, opts?)')).toEqual(['path', 'data', 'opts']);
    expect(signatureParams('zk.close()')).toEqual([]);
    expect(signatureParams('zk.log(...)')).toEqual(['...']);
  });
});
