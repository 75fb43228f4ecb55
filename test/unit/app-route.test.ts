// The page's address grammar (src/app/route/route.ts): routes format and parse back equal, every
// address the docs and the lessons give opens what they say, and a malformed address is a named
// problem, never a throw.
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  describeProblem,
  formatRoute,
  type Open,
  parseRoute,
  type Route,
  routeTo,
} from '../../src/app/route/route.ts';
import { LESSONS } from '../../src/lessons/gallery.ts';

const text = fc.string({ unit: 'grapheme', maxLength: 24 });

const open: fc.Arbitrary<Open> = fc.oneof(
  fc.constant({ kind: 'welcome' } as const),
  text.map((id) => ({ kind: 'example', id }) as const),
  fc.stringMatching(/^v\d{1,3}\.[A-Za-z0-9_-]{0,40}$/).map((link) => ({ kind: 'link', link }) as const),
  fc
    .record({ id: text, step: fc.nat({ max: 999_999 }) })
    .map(({ id, step }) => ({ kind: 'lesson', id, step }) as const),
);

const bridge = fc
  .tuple(
    fc.constantFrom('ws', 'wss'),
    fc.domain(),
    fc.option(fc.integer({ min: 1, max: 65_535 }), { nil: undefined }),
    fc.option(fc.stringMatching(/^(\/[a-z0-9]{1,8}){1,2}$/), { nil: undefined }),
  )
  .map(([scheme, host, port, path]) => `${scheme}://${host}${port ? `:${port}` : ''}${path ?? ''}`);

const route: fc.Arbitrary<Route> = fc.record({
  open,
  embed: fc.boolean(),
  lang: fc.constantFrom(null, 'en', 'zh'),
  mode: fc.constantFrom(null, 'workers', 'in-process'),
  live: fc.option(fc.record({ bridge, token: text }), { nil: null }),
});

describe('route: format and parse', () => {
  it('every route formats to a hash that parses back to it, with no problem', () => {
    fc.assert(
      fc.property(route, (r) => {
        const hash = formatRoute(r);
        expect(parseRoute(hash)).toEqual({ route: r, problems: [] });
      }),
      { numRuns: 2_000 },
    );
  });

  it('the plain welcome run is the empty hash, and an empty hash is the welcome run', () => {
    expect(formatRoute(routeTo({ kind: 'welcome' }))).toBe('');
    for (const hash of ['', '#'])
      expect(parseRoute(hash)).toEqual({ route: routeTo({ kind: 'welcome' }), problems: [] });
  });

  it('writes the addresses the page has always written', () => {
    // ShareMenu and the picker; lessons keep embed and lang; page-names.e2e waits for the first.
    expect(formatRoute(routeTo({ kind: 'example', id: 'recipes/lock' }))).toBe('#example=recipes%2Flock');
    expect(formatRoute(routeTo({ kind: 'lesson', id: 'lock', step: 2 }, { embed: true }))).toBe(
      '#lesson=lock&step=2&embed=1',
    );
    expect(formatRoute(routeTo({ kind: 'link', link: 'v1.abc' }, { lang: 'zh' }))).toBe('#v1.abc&lang=zh');
  });
});

/** What each address the docs give opens (README.md, docs/*.md); `…` stands for a token or a link. */
const DOCUMENTED: Record<string, Route> = {
  '#example=welcome': routeTo({ kind: 'example', id: 'welcome' }),
  '#example=nope': routeTo({ kind: 'example', id: 'nope' }),
  '#example=recipes%2Flock': routeTo({ kind: 'example', id: 'recipes/lock' }),
  '#example=welcome&mode=in-process': routeTo({ kind: 'example', id: 'welcome' }, { mode: 'in-process' }),
  '#example=welcome&embed=1': routeTo({ kind: 'example', id: 'welcome' }, { embed: true }),
  '#example=welcome&lang=zh': routeTo({ kind: 'example', id: 'welcome' }, { lang: 'zh' }),
  '#lesson=nope': routeTo({ kind: 'lesson', id: 'nope', step: 0 }),
  '#lesson=lock-holder-crash&step=1': routeTo({ kind: 'lesson', id: 'lock-holder-crash', step: 1 }),
  '#live=ws://127.0.0.1:8765&token=…': routeTo(
    { kind: 'welcome' },
    { live: { bridge: 'ws://127.0.0.1:8765', token: '…' } },
  ),
  '#v1.…': routeTo({ kind: 'link', link: 'v1.…' }),
  '#v1.…&lang=zh': routeTo({ kind: 'link', link: 'v1.…' }, { lang: 'zh' }),
};

function documentedHashes(): string[] {
  const files = [
    'README.md',
    ...readdirSync('docs')
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ];
  const found = new Set<string>();
  for (const file of files) {
    const md = readFileSync(file, 'utf8');
    for (const m of md.matchAll(/#(?:example|lesson|live|v\d+\.)[^\s)`'"<>,]*/g)) {
      const hash = m[0].replace(/[.:]$/, '');
      // a grammar written out with placeholders (`#lesson=<id>&step=<n>`, `ws://…`, `live=…`) is
      // not an address
      if (/[<[]|=$|\/\/…|live=…/.test(hash) || /[<[]/.test(md.slice(m.index!, m.index! + m[0].length + 1)))
        continue;
      found.add(hash);
    }
  }
  return [...found].sort();
}

describe('route: the addresses the docs and lessons give', () => {
  it('every address in README.md and docs/ is listed here and opens what the table says', () => {
    const hashes = documentedHashes();
    expect(hashes.length).toBeGreaterThanOrEqual(8);
    for (const hash of hashes) {
      expect(DOCUMENTED[hash], `add ${hash} to DOCUMENTED`).toBeDefined();
      expect(parseRoute(hash), hash).toEqual({ route: DOCUMENTED[hash], problems: [] });
    }
  });

  it('every lesson step and every shipped example has an address that opens it', () => {
    for (const lesson of LESSONS) {
      lesson.steps.forEach((_, step) => {
        const r = routeTo({ kind: 'lesson', id: lesson.id, step });
        expect(formatRoute(r)).toBe(`#lesson=${lesson.id}&step=${step}`);
        expect(parseRoute(`#lesson=${lesson.id}&step=${step}&lang=zh`).route).toEqual({ ...r, lang: 'zh' });
      });
    }
    const examples = readdirSync('examples', { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace(/\.json$/, ''));
    expect(examples).toContain('recipes/lock');
    for (const id of examples) {
      // written by hand (docs, tests) with a bare '/', or encoded by the page
      for (const hash of [`#example=${id}`, formatRoute(routeTo({ kind: 'example', id }))])
        expect(parseRoute(hash).route.open, hash).toEqual({ kind: 'example', id });
    }
  });

  it('page options after a link follow its first &, whatever their order', () => {
    expect(parseRoute('#v1.abc&mode=in-process&lang=zh&embed=1')).toEqual({
      route: routeTo({ kind: 'link', link: 'v1.abc' }, { mode: 'in-process', lang: 'zh', embed: true }),
      problems: [],
    });
    expect(parseRoute('#v9.abc').route.open).toEqual({ kind: 'link', link: 'v9.abc' });
  });
});

describe('route: malformed addresses', () => {
  it('never throws, always gives a route, and names every problem in a sentence', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (s) => {
        for (const hash of [s, `#${s}`, `#lesson=${s}`, `#example=x&${s}`, `#v1.x&${s}`]) {
          const { route: r, problems } = parseRoute(hash);
          expect(['welcome', 'example', 'link', 'lesson']).toContain(r.open.kind);
          for (const p of problems) expect(describeProblem(p).length).toBeGreaterThan(10);
        }
      }),
      { numRuns: 1_000 },
    );
  });

  it('a value it cannot take is ignored and named; the rest of the address still opens', () => {
    const cases: [string, Route, string][] = [
      ['#lesson=lock&step=x', routeTo({ kind: 'lesson', id: 'lock', step: 0 }), 'step'],
      ['#lesson=lock&step=-1', routeTo({ kind: 'lesson', id: 'lock', step: 0 }), 'step'],
      ['#example=welcome&lang=fr', routeTo({ kind: 'example', id: 'welcome' }), 'lang'],
      ['#example=welcome&mode=fast', routeTo({ kind: 'example', id: 'welcome' }), 'mode'],
      ['#example=welcome&embed=yes', routeTo({ kind: 'example', id: 'welcome' }), 'embed'],
      ['#live=http://127.0.0.1:8765&token=t', routeTo({ kind: 'welcome' }), 'live'],
      ['#live=ws://127.0.0.1:8765', routeTo({ kind: 'welcome' }), 'live'],
    ];
    for (const [hash, expected, param] of cases) {
      const { route: r, problems } = parseRoute(hash);
      expect(r, hash).toEqual(expected);
      expect(problems, hash).toMatchObject([{ kind: 'value', param }]);
    }
  });

  it('an address that names nothing the page knows is one problem, and the welcome run', () => {
    expect(parseRoute('#hello-world')).toEqual({
      route: routeTo({ kind: 'welcome' }),
      problems: [{ kind: 'address', asked: 'hello-world' }],
    });
    expect(parseRoute('#%E0%A4%A').problems).toMatchObject([{ kind: 'address' }]);
    expect(parseRoute(`#${'x'.repeat(500)}`).problems[0]).toMatchObject({ asked: `${'x'.repeat(80)}…` });
  });

  it('an unknown parameter beside known ones is named and ignored', () => {
    expect(parseRoute('#example=welcome&foo=1')).toEqual({
      route: routeTo({ kind: 'example', id: 'welcome' }),
      problems: [{ kind: 'unknown-param', param: 'foo' }],
    });
  });
});
