// Pure helpers of the znode tree view: hierarchy, collapsed subtrees, paged child lists, search,
// the virtualized window, and the data formats. Znodes here are synthetic (a helper makes the
// shape ServerView.tree has); the point is the layout, not the protocol.
import { describe, expect, it } from 'vitest';
import { defaultFormat, formatData, hexDump } from '../../src/app/views/tree/data-format.ts';
import { buildTree } from '../../src/app/views/tree/tree-index.ts';
import { flattenRows, PAGE, visibleSlice } from '../../src/app/views/tree/tree-model.ts';
import { znodeView } from '../support/znode-view.ts';

const znode = (path: string) => znodeView(path);

const none = { collapsed: new Set<string>(), shown: new Map<string, number>(), page: PAGE, query: '' };

describe('buildTree / flattenRows', () => {
  it('nests by path, children in name order, depth-first rows', () => {
    const root = buildTree(['/', '/b', '/a', '/a/y', '/a/x'].map(znode));
    const rows = flattenRows(root, none);
    expect(rows.map((r) => r.key)).toEqual(['/', '/a', '/a/x', '/a/y', '/b']);
    expect(rows.map((r) => r.depth)).toEqual([0, 1, 2, 2, 1]);
  });

  it('collapsing hides the subtree', () => {
    const root = buildTree(['/a', '/a/x', '/b'].map(znode));
    const rows = flattenRows(root, { ...none, collapsed: new Set(['/a']) });
    expect(rows.map((r) => r.key)).toEqual(['/', '/a', '/b']);
  });

  it('a long child list shows a page and a "more" row; 2,000 znodes stay a few dozen rows', () => {
    const paths = ['/q', ...Array.from({ length: 2000 }, (_, i) => `/q/item-${String(i).padStart(10, '0')}`)];
    const root = buildTree(paths.map(znode));
    const rows = flattenRows(root, none);
    expect(rows.length).toBe(2 + PAGE + 1);
    const more = rows.at(-1)!;
    expect(more.type).toBe('more');
    if (more.type === 'more') expect(more.hidden).toBe(2000 - PAGE);
    const all = flattenRows(root, { ...none, shown: new Map([['/q', 5000]]) });
    expect(all.length).toBe(2002);
  });

  it('search keeps matches and their ancestors, expanded', () => {
    const root = buildTree(['/a', '/a/lock', '/a/lock/n1', '/b', '/c/other'].map(znode));
    const rows = flattenRows(root, { ...none, collapsed: new Set(['/a']), query: 'LOCK' });
    expect(rows.map((r) => r.key)).toEqual(['/', '/a', '/a/lock', '/a/lock/n1']);
    expect(rows.filter((r) => r.type === 'node' && r.match).map((r) => r.key)).toEqual([
      '/a/lock',
      '/a/lock/n1',
    ]);
  });

  it('a node whose parent is missing still shows, under its parent path', () => {
    const rows = flattenRows(buildTree(['/x/y'].map(znode)), none);
    expect(rows.map((r) => r.key)).toEqual(['/', '/x', '/x/y']);
  });

  it('visibleSlice renders only the window plus a margin', () => {
    expect(visibleSlice(2000, 20, 0, 400, 5)).toEqual({ first: 0, last: 25 });
    expect(visibleSlice(2000, 20, 10_000, 400, 5)).toEqual({ first: 495, last: 525 });
    expect(visibleSlice(10, 20, 0, 400, 5)).toEqual({ first: 0, last: 10 });
  });
});

describe('data formats', () => {
  it('pretty-prints JSON, dumps hex, says when there is no data', () => {
    expect(defaultFormat('{"a":1}')).toBe('json');
    expect(defaultFormat('c1')).toBe('text');
    expect(formatData('{"a":1}', 'json')).toBe('{\n  "a": 1\n}');
    expect(formatData(null, 'text')).toBe('(no data)');
    expect(formatData('', 'text')).toBe('(empty)');
    expect(hexDump(new TextEncoder().encode('AB\n'))).toBe(`0000  41 42 0a${' '.repeat(39)}  AB.`);
  });
});

describe('shortName', () => {
  it('keeps short names and the sequence end of long recipe names', async () => {
    const { shortName } = await import('../../src/app/views/tree/tree-draw.ts');
    expect(shortName('lock')).toBe('lock');
    expect(shortName('044109582a11a5eb__lock__0000000001')).toBe('044109…__lock__0000000001');
  });
});

describe('2,000 znodes', () => {
  // How fast is measured by the frames budget (scripts/check-frames.ts), not by a timed test.
  it('build and flatten every znode, and a screenful of rows is all that is drawn', () => {
    const paths = ['/app'];
    for (let i = 0; i < 40; i++) {
      paths.push(`/app/g${i}`);
      for (let j = 0; j < 49; j++) paths.push(`/app/g${i}/n-${String(j).padStart(10, '0')}`);
    }
    expect(paths.length).toBe(2001);
    const znodes = paths.map(znode);
    const rows = flattenRows(buildTree(znodes), none);
    expect(rows.length).toBe(2002);
    const { first, last } = visibleSlice(rows.length, 24, 12_000, 600);
    expect(last - first).toBeLessThanOrEqual(46);
  });
});
