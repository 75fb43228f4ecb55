// The page's URL hash → its route → what it opens.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRoute } from '../../src/app/route/route.ts';
import { sourceOf, startTime } from '../../src/app/share/source.ts';
import { parseScenarioJson } from '../../src/scenario/validate.ts';
import { encodeLink } from '../../src/share/link.ts';

const ids = ['welcome', 'recipes/lock'];
const sourceFromHash = (hash: string, exampleIds: readonly string[]) =>
  sourceOf(parseRoute(hash).route.open, exampleIds);

function lockLink(t?: number): string {
  const parsed = parseScenarioJson(readFileSync('examples/recipes/lock.json', 'utf8'));
  if (!parsed.ok) throw new Error('invalid example');
  const encoded = encodeLink(
    t === undefined ? { scenario: parsed.scenario } : { scenario: parsed.scenario, view: { t } },
  );
  if (!encoded.ok) throw new Error(encoded.error.message);
  return `#${encoded.link}`;
}

describe('page source', () => {
  it('opens an example by id, and the welcome run for anything else', () => {
    expect(sourceFromHash('#example=recipes%2Flock', ids)).toEqual({ kind: 'example', id: 'recipes/lock' });
    expect(sourceFromHash('#example=nope', ids)).toEqual({ kind: 'example', id: 'welcome' });
    expect(sourceFromHash('', ids)).toEqual({ kind: 'example', id: 'welcome' });
  });

  it('opens a link with its scenario and viewed time', () => {
    const source = sourceFromHash(lockLink(4_200), ids);
    expect(source.kind).toBe('link');
    if (source.kind !== 'link') return;
    expect(source.doc.scenario.name).toBe('Lock (recipe)');
    expect(startTime(source)).toBe(4_200);
    expect(startTime(sourceFromHash(lockLink(), ids))).toBeNull();
    expect(sourceFromHash(`${lockLink(7)}&mode=in-process`, ids)).toMatchObject({
      kind: 'link',
      doc: { view: { t: 7 } },
    });
  });

  it('says why a damaged link cannot be read, keeps its text, and falls back to the welcome run', () => {
    const link = lockLink(1);
    const truncated = link.slice(0, link.length - 7);
    const source = sourceFromHash(truncated, ids);
    expect(source).toMatchObject({ kind: 'bad-link', fallback: 'welcome', text: truncated.slice(1) });
    if (source.kind !== 'bad-link') return;
    expect(source.error.message.length).toBeGreaterThan(10);
    expect(sourceFromHash('#v9.abc', ids)).toMatchObject({
      kind: 'bad-link',
      error: { code: 'unknown-version' },
    });
  });
});
