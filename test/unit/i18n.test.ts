// The page's two languages: Chinese has every message English has, none empty, every function
// gives text for sample values; and the page opens in the right language (hash, stored, browser).
import { describe, expect, it } from 'vitest';
import { browserLanguage, initialLanguage } from '../../src/app/i18n/detect.ts';
import { en } from '../../src/app/i18n/en.ts';
import { zh } from '../../src/app/i18n/zh.ts';

type Tree = { [key: string]: unknown };

/** Every leaf of a catalog by its dotted path. */
function leaves(node: unknown, path = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (typeof node === 'object' && node !== null) {
    for (const [k, v] of Object.entries(node as Tree)) {
      for (const [p, leaf] of leaves(v, path ? `${path}.${k}` : k)) out.set(p, leaf);
    }
  } else out.set(path, node);
  return out;
}

/** Sample values for a message function, by its parameter names (numbers where they count). */
function samples(fn: (...args: never[]) => unknown): unknown[][] {
  const params = /^\(?([^)=]*)\)?\s*=>/.exec(fn.toString())?.[1] ?? '';
  const names = params
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const numeric = /^_?(n|ms|seconds|percent|epoch|peerEpoch|round|length|cap|soft|line|rows|total|pending)$/;
  const pick = (name: string, variant: number): unknown => {
    if (numeric.test(name)) return [1, 2, 0][variant];
    if (name === 'open') return variant === 0;
    if (name === 'server' || name === 'note' || name === 'node') return variant === 1 ? null : 'zk1';
    return `x${variant}`;
  };
  return [0, 1, 2].map((v) => names.map((n) => pick(n, v)));
}

const EN = leaves(en);
const ZH = leaves(zh);

describe('catalogs', () => {
  it('zh has exactly the keys of en, leaf for leaf, of the same kind', () => {
    expect([...ZH.keys()].sort()).toEqual([...EN.keys()].sort());
    for (const [k, v] of EN) expect(typeof ZH.get(k), k).toBe(typeof v);
  });

  it('no message is empty, in either language', () => {
    for (const [name, catalog] of [
      ['en', EN],
      ['zh', ZH],
    ] as const) {
      for (const [k, v] of catalog) {
        if (typeof v === 'string') expect(v.trim(), `${name}.${k}`).not.toBe('');
      }
    }
  });

  it('every message function returns non-empty text for sample values', () => {
    let called = 0;
    for (const catalog of [EN, ZH]) {
      for (const [k, v] of catalog) {
        if (typeof v !== 'function') continue;
        for (const args of samples(v as (...a: never[]) => unknown)) {
          const text = (v as (...a: unknown[]) => unknown)(...args);
          expect(typeof text, k).toBe('string');
          expect((text as string).trim(), k).not.toBe('');
          expect(text as string, k).not.toMatch(/undefined|NaN|\[object/);
          called++;
        }
      }
    }
    expect(called).toBeGreaterThan(100);
  });

  it('a function gets its values into the text in both languages', () => {
    expect(en.tree.count(3)).toBe('3 znodes');
    expect(en.tree.count(1)).toBe('1 znode');
    expect(zh.tree.count(3)).toBe('3 个 znode');
    expect(zh.faults.crashHint('zk3')).toContain('zk3');
    expect(zh.ring.votesFor('zk3')).toContain('zk3');
  });

  it('Chinese text is Chinese, and keeps ZooKeeper’s own names', () => {
    const cjk = /[\u4e00-\u9fff]/;
    expect(zh.transport.play).toMatch(cjk);
    expect(zh.app.tabs.tree).toMatch(cjk);
    expect(zh.faults.crash).toMatch(cjk);
    expect(zh.ring.server('zk1', 'LEADING', 1, '0x100000001')).toContain('LEADING');
    expect(zh.ring.server('zk1', 'LEADING', 1, '0x100000001')).toContain('zxid 0x100000001');
  });
});

describe('language detection', () => {
  it('from the browser: a zh-anything list picks zh; the first of the page’s languages listed wins', () => {
    expect(browserLanguage(['zh-CN', 'zh', 'en'])).toBe('zh');
    expect(browserLanguage(['zh-TW'])).toBe('zh');
    expect(browserLanguage(['ZH-hans-SG'])).toBe('zh');
    expect(browserLanguage(['fr-FR', 'zh'])).toBe('zh');
    expect(browserLanguage(['en-US', 'zh-CN'])).toBe('en');
    expect(browserLanguage(['de', 'fr'])).toBe('en');
    expect(browserLanguage([])).toBe('en');
    // not Chinese: a tag that merely starts with the letters
    expect(browserLanguage(['zha'])).toBe('en');
  });

  // The address's lang= is read by the route (test/unit/app-route.test.ts).
  it('the address’s lang wins over a stored choice, which wins over the browser', () => {
    const browserZh = ['zh-CN'];
    expect(initialLanguage({ forced: 'en', stored: 'zh', languages: browserZh })).toBe('en');
    expect(initialLanguage({ forced: null, stored: 'en', languages: browserZh })).toBe('en');
    expect(initialLanguage({ forced: null, stored: null, languages: browserZh })).toBe('zh');
    expect(initialLanguage({ forced: null, stored: 'klingon', languages: ['en-GB'] })).toBe('en');
  });
});
