// Random scenario documents and random links, hostile values included (huge counts, long strings,
// non-finite numbers, wrong types anywhere): validation and decoding never throw, and what they
// produce is bounded by what they were given. Bounds are sizes, not wall time: an accepted
// scenario is at most a constant times larger than its input (nothing is derived from an
// unchecked count), and a refusal has at most MAX_REPORTED_ERRORS + 1 errors of bounded length.
import fc from 'fast-check';
import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { MAX_REPORTED_ERRORS, type ScenarioError, validateScenario } from '../../src/scenario/validate.ts';
import { encodeBase64url } from '../../src/share/base64url.ts';
import { LINK_DICTIONARY_V1 } from '../../src/share/dictionary-v1.ts';
import { decodeLink } from '../../src/share/link.ts';
import { seal } from '../../src/share/seal.ts';

const MAX_ERROR_CHARS = 1000;
/** Defaults filled in (network, servers, per-client fields) add at most this much to a document. */
const FILL_SLACK = 2000;

const hostileNumber = fc.oneof(
  fc.integer({ min: -3, max: 12 }),
  fc.constantFrom(1e9, 2 ** 31, 2 ** 53, -1, 0.5, 1e308, -0, Number.MAX_SAFE_INTEGER),
  fc.double(),
);
const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('zk1', 'zk2', 'zk0', 'a', 'b', 'crate', 'restart', 'script', '\u001b[2J', '/a'),
  fc.integer({ min: 100, max: 20_000 }).map((n) => 'x'.repeat(n)),
);
const leaf = fc.oneof(hostileNumber, hostileString, fc.boolean(), fc.constant(null));
const value = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(hostileString, tie('v'), { maxKeys: 4 }),
  ),
})).v;
const pick = <T>(...xs: fc.Arbitrary<T>[]) => fc.oneof(...xs, value as fc.Arbitrary<T>);

const step = fc.record(
  {
    op: pick(fc.constantFrom('create', 'get', 'multi', 'sleep', 'crate'), hostileString),
    path: pick(fc.constant('/a')),
    ms: pick(hostileNumber),
    ops: value,
  },
  { requiredKeys: ['op'] },
);
const client = fc.record(
  {
    name: pick(fc.constantFrom('a', 'b', 'zk1'), hostileString),
    connect: pick(fc.array(hostileNumber, { maxLength: 5 })),
    program: pick(fc.array(step, { maxLength: 4 })),
    script: pick(hostileString),
  },
  { requiredKeys: [] },
);
const fault = fc.record(
  {
    at: pick(hostileNumber),
    action: pick(fc.constantFrom('crash', 'restart', 'script', 'partition', 'expire')),
    target: pick(fc.constantFrom('a', 'zk1', 'zk99')),
    script: pick(hostileString),
    groups: value,
  },
  { requiredKeys: ['action'] },
);
const scenarioDoc = fc.record(
  {
    version: pick(fc.constant(1)),
    seed: pick(hostileNumber),
    name: pick(hostileString),
    duration: pick(hostileNumber),
    servers: pick(
      fc.record(
        { count: pick(hostileNumber), observers: pick(hostileNumber), bugs: value },
        { requiredKeys: [] },
      ),
    ),
    clients: pick(fc.array(client, { maxLength: 4 })),
    faults: pick(fc.array(fault, { maxLength: 6 })),
  },
  { requiredKeys: [] },
);

function expectBounded(errors: readonly ScenarioError[]): void {
  expect(errors.length).toBeGreaterThan(0);
  expect(errors.length).toBeLessThanOrEqual(MAX_REPORTED_ERRORS + 1);
  for (const e of errors) expect(e.path.length + e.message.length).toBeLessThanOrEqual(MAX_ERROR_CHARS);
}

const size = (v: unknown) => JSON.stringify(v)?.length ?? 0;

const craft = (bytes: Uint8Array) =>
  `v1.${encodeBase64url(seal(deflateSync(bytes, { level: 9, dictionary: LINK_DICTIONARY_V1 })))}`;

describe('hostile documents and links', () => {
  it('validateScenario never throws; output is bounded by input', () => {
    fc.assert(
      fc.property(scenarioDoc, (doc) => {
        const r = validateScenario(doc);
        if (r.ok) expect(size(r.scenario)).toBeLessThanOrEqual(2 * size(doc) + FILL_SLACK);
        else expectBounded(r.errors);
      }),
      { numRuns: 400 },
    );
  });

  it('decodeLink never throws on random text after the prefix', () => {
    const b64 = fc.string({
      unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_%#.'),
      maxLength: 200,
    });
    fc.assert(
      fc.property(fc.constantFrom('', '#', 'v1.', '#v1.', 'v2.'), b64, (prefix, rest) => {
        const r = decodeLink(prefix + rest);
        expect(r.ok ? 0 : r.error.message.length).toBeLessThanOrEqual(MAX_ERROR_CHARS);
      }),
      { numRuns: 400 },
    );
  });

  it('decodeLink never throws on sealed links carrying random documents or bytes', () => {
    const payload = fc.oneof(
      scenarioDoc.map((scenario) => new TextEncoder().encode(JSON.stringify({ scenario }))),
      value.map((v) => new TextEncoder().encode(JSON.stringify(v) ?? '')),
      fc.uint8Array({ maxLength: 300 }),
    );
    fc.assert(
      fc.property(payload, (bytes) => {
        const r = decodeLink(craft(bytes));
        if (r.ok) expect(size(r.doc)).toBeLessThanOrEqual(2 * bytes.length + FILL_SLACK);
        else {
          expect(r.error.message.length).toBeLessThanOrEqual(MAX_ERROR_CHARS * (MAX_REPORTED_ERRORS + 2));
          if (r.error.errors) expectBounded(r.error.errors);
        }
      }),
      { numRuns: 300 },
    );
  });
});
