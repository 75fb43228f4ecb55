// Properties of scenario links over generated valid scenarios: decode(encode(doc)) is the
// normalized doc, and any damage to a link — a changed character, a cut, junk inside — is refused
// with the error the damage calls for, never an exception and never a different scenario.

import fc from 'fast-check';
import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../src/scenario/validate.ts';
import { encodeBase64url } from '../../src/share/base64url.ts';
import { LINK_DICTIONARY_V1 } from '../../src/share/dictionary-v1.ts';
import { decodeLink, encodeLink } from '../../src/share/link.ts';
import type { LinkView } from '../../src/share/link-document.ts';
import { seal } from '../../src/share/seal.ts';
import { ENGINE_VERSION } from '../../src/sim/engine-version.ts';
import type { AclSpec, Fault, ProgramStep } from '../../src/sim/scenario-types.ts';
import { PROTOCOL_BUG_NAMES } from '../../src/sim/server/quorum/bugs.ts';

// ---- generators: raw scenario documents, valid by construction, defaults sometimes omitted ----

/** Text of any code points, lone surrogates included: links must carry it unchanged. */
const text = fc.string({ unit: 'binary', maxLength: 30 });
const time = fc.integer({ min: 0, max: 100_000 });
const path = fc.constantFrom('/', '/a', '/a/b', '/lock', '/x-1', '/ü');
const version = fc.integer({ min: -1, max: 5 });
const data = fc.oneof(text, fc.constant(null));
const acl: fc.Arbitrary<AclSpec> = fc.oneof(
  fc.constantFrom<AclSpec>('open', 'creator_all', 'read'),
  fc.subarray(['cdrwa:world:anyone', 'r:ip:10.0.0.0/8', 'cdrwa:digest:bob:Ix0abc==', ':auth:']),
);
const createMode = fc.constantFrom(
  'persistent',
  'ephemeral',
  'persistent_sequential',
  'container',
  'persistent_ttl',
);

/** A record whose optional keys are sometimes absent (the validator then fills or keeps nothing). */
function step<T>(fields: { [K in keyof T]: fc.Arbitrary<T[K]> }, required: (keyof T)[]): fc.Arbitrary<T> {
  return fc.record(fields, { requiredKeys: required }) as fc.Arbitrary<T>;
}

const writeStep: fc.Arbitrary<ProgramStep> = fc.oneof(
  step(
    {
      op: fc.constant('create' as const),
      path,
      data,
      mode: createMode,
      acl,
      ttl: fc.integer({ min: 1, max: 9999 }),
    },
    ['op', 'path'],
  ),
  step({ op: fc.constant('delete' as const), path, version }, ['op', 'path']),
  step({ op: fc.constant('set' as const), path, data, version }, ['op', 'path']),
  step({ op: fc.constant('check' as const), path, version }, ['op', 'path']),
);

const programStep: fc.Arbitrary<ProgramStep> = fc.oneof(
  writeStep,
  step(
    {
      op: fc.constantFrom('get' as const, 'exists' as const, 'children' as const),
      path,
      watch: fc.boolean(),
    },
    ['op', 'path'],
  ),
  fc.record({ op: fc.constant('multi' as const), ops: fc.array(writeStep, { maxLength: 3 }) }),
  step({ op: fc.constant('sync' as const), path }, ['op']),
  fc.record({ op: fc.constant('get_acl' as const), path }),
  step({ op: fc.constant('set_acl' as const), path, acl, version }, ['op', 'path', 'acl']),
  step(
    {
      op: fc.constant('add_watch' as const),
      path,
      mode: fc.constantFrom('persistent' as const, 'persistent_recursive' as const),
    },
    ['op', 'path'],
  ),
  step(
    {
      op: fc.constant('remove_watches' as const),
      path,
      watcherType: fc.constantFrom(1 as const, 2 as const, 3 as const),
    },
    ['op', 'path'],
  ),
  fc.record({ op: fc.constant('add_auth' as const), scheme: fc.constantFrom('digest', 'ip'), auth: text }),
  fc.record({ op: fc.constant('sleep' as const), ms: time }),
  fc.constant({ op: 'close' as const }),
);

const CLIENT_NAMES = ['a', 'b', 'c1', 'w-2', 'Zed_9'];

const scenarioDoc = fc
  .record({
    count: fc.integer({ min: 1, max: 5 }),
    observers: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
    names: fc.shuffledSubarray(CLIENT_NAMES, { maxLength: 3 }),
  })
  .chain(({ count, observers, names }) => {
    const ids = Array.from({ length: count + (observers ?? 0) }, (_, i) => i + 1);
    const servers = ids.map((id) => `zk${id}`);
    const nodes = [...servers, ...names];
    const node = fc.constantFrom(...nodes);
    // Two different nodes, picked by index (a filter would never end with a single node).
    const ends = fc
      .tuple(fc.nat(nodes.length - 1), fc.nat(Math.max(0, nodes.length - 2)))
      .map(([a, b]) => ({ from: nodes[a]!, to: nodes.filter((_, i) => i !== a)[b]! }));
    const tick = fc.constantFrom(500, 2000, 3000);
    const faults: fc.Arbitrary<Fault>[] = [
      step(
        {
          at: time,
          action: fc.constant('crash' as const),
          target: fc.constantFrom(...servers),
          keepUnsynced: fc.boolean(),
        },
        ['at', 'action', 'target'],
      ),
      fc.record({
        at: time,
        action: fc.constantFrom('crash' as const, 'restart' as const, 'pause' as const, 'resume' as const),
        target: node,
      }),
      fc.record({
        at: time,
        action: fc.constant('partition' as const),
        groups: fc.shuffledSubarray(nodes, { minLength: 1 }).map((g) => [g]),
      }),
      fc.record({ at: time, action: fc.constant('heal' as const) }),
      fc.record({
        at: time,
        action: fc.constant('skew' as const),
        target: node,
        ms: fc.integer({ min: -86_400_000, max: 86_400_000 }),
      }),
    ];
    if (nodes.length >= 2) {
      faults.push(
        fc
          .tuple(time, ends, fc.constantFrom('cut' as const, 'uncut' as const))
          .map(([at, e, action]) => ({ at, action, ...e })),
        fc.tuple(time, ends, time).map(([at, e, ms]) => ({ at, action: 'delay' as const, ...e, ms })),
        fc
          .tuple(time, ends, fc.double({ min: 0, max: 1, noNaN: true }))
          .map(([at, e, rate]) => ({ at, action: 'drop' as const, ...e, rate })),
      );
    }
    if (names.length > 0) {
      faults.push(
        fc.record({
          at: time,
          action: fc.constant('script' as const),
          target: fc.constantFrom(...names),
          script: text,
        }),
      );
    }
    const client = (name: string) =>
      fc
        .record(
          {
            name: fc.constant(name),
            connect: fc.shuffledSubarray(ids, { minLength: 1 }),
            start: time,
            sessionTimeout: fc.constantFrom(4000, 10_000),
            // Either a JSON program or a Lua script, as the validator requires.
            body: fc.oneof(
              fc.array(programStep, { maxLength: 4 }).map((program) => ({ program })),
              text.map((script) => ({ script })),
              fc.constant({}),
            ),
          },
          { requiredKeys: ['name', 'body'] },
        )
        .map(({ body, ...rest }) => ({ ...rest, ...body }));
    return fc.record(
      {
        version: fc.constant(1),
        name: text,
        description: text,
        seed: fc.integer({ min: 0, max: 0xffff_ffff }),
        duration: fc.constantFrom(60_000, 5000, 0),
        servers: tick.chain((tickTime) =>
          fc.record(
            {
              count: fc.constant(count),
              ...(observers === undefined ? {} : { observers: fc.constant(observers) }),
              tickTime: fc.constant(tickTime),
              initLimit: fc.integer({ min: 1, max: 10 }),
              syncLimit: fc.integer({ min: 1, max: 5 }),
              extendedTypes: fc.boolean(),
              bugs: fc.subarray([...PROTOCOL_BUG_NAMES]),
              minSessionTimeout: fc.integer({ min: 1, max: 2 * tickTime }),
              maxSessionTimeout: fc.integer({ min: 20 * tickTime, max: 40 * tickTime }),
            },
            // count and observers decide the connect default: always present when generated.
            { requiredKeys: observers === undefined ? ['count'] : ['count', 'observers'] },
          ),
        ),
        network: fc.record(
          {
            latency: fc.record(
              { distribution: fc.constantFrom('uniform', 'normal', 'exponential'), min: time, jitter: time },
              { requiredKeys: [] },
            ),
            detectMs: fc.constantFrom(2000, 500),
          },
          { requiredKeys: [] },
        ),
        clients: fc.tuple(...names.map(client)),
        faults: fc.array(fc.oneof(...faults), { maxLength: 4 }),
      },
      // Faults may name the clients, so they are left out only when there are none.
      {
        requiredKeys:
          names.length > 0 ? ['version', 'seed', 'servers', 'clients'] : ['version', 'seed', 'servers'],
      },
    );
  });

const view: fc.Arbitrary<LinkView> = fc.record(
  {
    t: time,
    panels: fc.array(fc.constantFrom('tree', 'log', 'network', 'timeline')),
    lesson: text,
    step: fc.nat(20),
    lang: fc.constantFrom('en', 'de', 'fr-CA'),
  },
  { requiredKeys: ['t'] },
);

/** A generated document, validated (the generator's promise, checked) and encoded. */
const encoded = fc.tuple(scenarioDoc, fc.option(view, { nil: undefined })).map(([raw, v]) => {
  const validated = validateScenario(raw);
  if (!validated.ok)
    throw new Error(`generator made an invalid scenario: ${JSON.stringify(validated.errors)}`);
  const doc = v === undefined ? { scenario: validated.scenario } : { scenario: validated.scenario, view: v };
  const made = encodeLink(doc);
  if (!made.ok) throw new Error(made.error.message);
  return { raw, doc, link: made.link };
});

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('link properties', () => {
  it('decode(encode(doc)) is the normalized doc', () => {
    fc.assert(
      fc.property(encoded, ({ doc, link }) => {
        expect(decodeLink(link)).toEqual({ ok: true, doc: { ...doc, engine: ENGINE_VERSION } });
      }),
      { numRuns: 300 },
    );
  });

  it('encoding the raw document (defaults omitted) gives the same link as the normalized one', () => {
    fc.assert(
      fc.property(encoded, ({ raw, doc, link }) => {
        const fromRaw = encodeLink({ ...doc, scenario: raw as unknown as typeof doc.scenario });
        expect(fromRaw).toEqual({ ok: true, link });
      }),
      { numRuns: 100 },
    );
  });

  it('a changed character is refused with the error its position calls for', () => {
    const replacement = fc.oneof(
      fc.constantFrom(...ALPHABET),
      fc.constantFrom('.', '+', '/', '=', '%', ' ', '0', '2', 'é'),
    );
    fc.assert(
      fc.property(encoded, fc.nat(), replacement, ({ link }, at, c) => {
        const i = at % link.length;
        fc.pre(link[i] !== c);
        const result = decodeLink(link.slice(0, i) + c + link.slice(i + 1));
        const expected =
          i >= 3
            ? ALPHABET.includes(c)
              ? { code: 'damaged' }
              : { code: 'bad-base64', index: i }
            : i === 1 && /\d/.test(c)
              ? { code: 'unknown-version' }
              : { code: 'bad-prefix' };
        expect(result).toMatchObject({ ok: false, error: expected });
      }),
      { numRuns: 500 },
    );
  });

  it('a cut link is refused: no link below the prefix, a damaged one above', () => {
    fc.assert(
      fc.property(encoded, fc.nat(), ({ link }, at) => {
        const n = at % link.length;
        const result = decodeLink(link.slice(0, n));
        expect(result).toMatchObject({ ok: false, error: { code: n < 3 ? 'bad-prefix' : 'damaged' } });
      }),
      { numRuns: 300 },
    );
  });

  /** A link around any text, valid at every layer below the JSON. */
  const craft = (json: string) =>
    `v1.${encodeBase64url(seal(deflateSync(new TextEncoder().encode(json), { dictionary: LINK_DICTIONARY_V1 })))}`;

  it('text that is not JSON inside valid deflate data is bad-json', () => {
    fc.assert(
      fc.property(text, (junk) => {
        let isJson = true;
        try {
          JSON.parse(junk);
        } catch {
          isJson = false;
        }
        fc.pre(!isJson);
        expect(decodeLink(craft(junk))).toMatchObject({ ok: false, error: { code: 'bad-json' } });
      }),
      { numRuns: 200 },
    );
  });

  it('JSON that is not a link document is bad-document; with a bad scenario, bad-scenario', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (value, scenario) => {
        const isDocumentShape = (v: unknown) =>
          typeof v === 'object' &&
          v !== null &&
          !Array.isArray(v) &&
          Object.keys(v).every((k) => k === 'scenario');
        const loose = decodeLink(craft(JSON.stringify(value)));
        if (!isDocumentShape(value) || !Object.hasOwn(value as object, 'scenario')) {
          expect(loose).toMatchObject({ ok: false, error: { code: 'bad-document' } });
        }
        // A document of the right shape around arbitrary JSON: the scenario validator decides.
        const shaped = decodeLink(craft(JSON.stringify({ scenario })));
        expect(shaped).toMatchObject({ ok: false, error: { code: 'bad-scenario' } });
      }),
      { numRuns: 200 },
    );
  });
});
