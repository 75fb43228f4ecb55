// Scenario links: round trips of every example, and a precise error — never an exception — for
// each way a link can be wrong.
import { readFileSync } from 'node:fs';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseScenarioJson, validateScenario } from '../../src/scenario/validate.ts';
import { encodeBase64url } from '../../src/share/base64url.ts';
import { LINK_DICTIONARY_V1 } from '../../src/share/dictionary-v1.ts';
import { exampleFiles } from '../../src/share/golden-node.ts';
import { LINK_HARD_CAP } from '../../src/share/limits.ts';
import { decodeLink, encodeLink, type LinkDecoding } from '../../src/share/link.ts';
import { seal } from '../../src/share/seal.ts';
import { ENGINE_VERSION } from '../../src/sim/engine-version.ts';
import type { Scenario } from '../../src/sim/scenario-types.ts';

const EXAMPLES = exampleFiles().map(({ name, path }) => {
  const parsed = parseScenarioJson(readFileSync(path, 'utf8'));
  if (!parsed.ok) throw new Error(`${path} does not validate`);
  return { name, scenario: parsed.scenario };
});

function link(scenario: Scenario, view?: { t: number }): string {
  const encoded = encodeLink(view ? { scenario, view } : { scenario });
  if (!encoded.ok) throw new Error(encoded.error.message);
  return encoded.link;
}

/** A v1 link around arbitrary text: well-formed at every layer below JSON. */
function craft(text: string): string {
  const deflated = deflateSync(new TextEncoder().encode(text), { dictionary: LINK_DICTIONARY_V1 });
  return `v1.${encodeBase64url(seal(deflated))}`;
}

function errorOf(result: LinkDecoding) {
  if (result.ok) throw new Error('expected the link to be refused');
  return result.error;
}

const small = EXAMPLES.find((e) => e.name === 'session-expiry')!.scenario;

describe('link round trip', () => {
  it.each(EXAMPLES)('$name decodes to the same scenario', ({ scenario }) => {
    expect(decodeLink(link(scenario))).toEqual({ ok: true, doc: { scenario, engine: ENGINE_VERSION } });
  });

  it('carries the view and accepts the hash with its #', () => {
    const view = { t: 2500, panels: ['tree', 'log'], lesson: 'sessions', step: 3, lang: 'en' };
    const encoded = encodeLink({ scenario: small, view });
    expect(encoded.ok && decodeLink(`#${encoded.link}`)).toEqual({
      ok: true,
      doc: { scenario: small, view, engine: ENGINE_VERSION },
    });
  });

  it('normalizes on the way in: a document without its defaults decodes to the validated scenario', () => {
    const raw = { version: 1, seed: 5, clients: [{ name: 'a', program: [{ op: 'get', path: '/' }] }] };
    const validated = validateScenario(raw);
    expect(validated.ok).toBe(true);
    const decoded = decodeLink(link(raw as unknown as Scenario));
    expect(decoded).toEqual({
      ok: true,
      doc: { scenario: validated.ok && validated.scenario, engine: ENGINE_VERSION },
    });
  });

  it('is shorter than the scenario file it comes from', () => {
    const file = readFileSync('examples/session-expiry.json', 'utf8');
    expect(link(small).length).toBeLessThan(file.length / 2);
  });
});

describe('link format v1', () => {
  it('compresses against a frozen dictionary (a pin: changing it breaks every v1 link)', () => {
    expect(LINK_DICTIONARY_V1.length).toBe(2927);
    expect(bytesToHex(sha256(LINK_DICTIONARY_V1))).toBe(
      '045e9e70ffb864be44f8e00cc184a4aff006b7d103651bc5730f990182ffabbd',
    );
  });
});

describe('link errors', () => {
  it('too-long: nothing over the hard cap is read', () => {
    const error = errorOf(decodeLink(`v1.${'A'.repeat(LINK_HARD_CAP)}`));
    expect(error.code).toBe('too-long');
    expect(decodeLink(`v1.${'A'.repeat(LINK_HARD_CAP - 3)}`)).not.toMatchObject({
      error: { code: 'too-long' },
    });
  });

  it.each(['', 'hello', 'example=lock', 'v1', 'V1.abc', 'v.abc', '#'])('bad-prefix: %j', (text) => {
    expect(errorOf(decodeLink(text)).code).toBe('bad-prefix');
  });

  it.each(['v2.AAAA', 'v0.', 'v10.x', '#v01.AAAA'])('unknown-version: %j', (text) => {
    const error = errorOf(decodeLink(text));
    expect(error.code).toBe('unknown-version');
    expect(error.message).toContain(`version ${/v(\d+)/.exec(text)![1]};`);
  });

  it('bad-base64: names the character, counted in the text as given', () => {
    const good = link(small);
    const bad = `#${good.slice(0, 40)}%${good.slice(41)}`;
    const error = errorOf(decodeLink(bad));
    expect(error).toMatchObject({ code: 'bad-base64', index: 41 });
    expect(error.message).toContain('at character 42');
    expect(error.message).toContain('"%"');
  });

  it('damaged: a cut-off link says it was cut short', () => {
    const good = link(small);
    // Cut at a multiple of 4 base64 characters the bytes are whole and the deflate data ends early;
    // elsewhere the last character is incomplete.
    const whole = 3 + Math.floor((good.length - 3) / 4 - 2) * 4;
    expect(errorOf(decodeLink(good.slice(0, whole)))).toMatchObject({
      code: 'damaged',
      message: expect.stringContaining('ends too early'),
    });
    expect(errorOf(decodeLink(good.slice(0, whole + 2)))).toMatchObject({
      code: 'damaged',
      message: expect.stringContaining('in the middle of a character'),
    });
  });

  it('damaged: a changed character says the check bytes do not match', () => {
    const good = link(small);
    const i = Math.floor(good.length / 2);
    const bad = good.slice(0, i) + (good[i] === 'A' ? 'B' : 'A') + good.slice(i + 1);
    const error = errorOf(decodeLink(bad));
    expect(error.code).toBe('damaged');
    expect(error.message).toContain('check bytes do not match');
  });

  it('damaged: sealed bytes that are not deflate data', () => {
    const error = errorOf(
      decodeLink(`v1.${encodeBase64url(seal(new Uint8Array([0xff, 0xff, 0xff, 0xff])))}`),
    );
    expect(error.code).toBe('damaged');
    expect(error.message).toContain('does not decompress');
  });

  it('bad-json: garbage inside valid deflate data, with its column', () => {
    const error = errorOf(decodeLink(craft('{"scenario": {"seed": 1,}}')));
    expect(error.code).toBe('bad-json');
    expect(error.message).toMatch(/^invalid JSON at line 1, column \d+/);
  });

  it.each([
    ['[1, 2]', '$'],
    ['{"scenario": {"seed": 1}, "extra": true}', '$.extra'],
    ['{"view": {"t": 0}}', '$.scenario'],
    ['{"scenario": {"seed": 1}, "view": {"t": -1}}', '$.view.t'],
    ['{"scenario": {"seed": 1}, "view": {"t": 1.5}}', '$.view.t'],
    ['{"scenario": {"seed": 1}, "view": {}}', '$.view.t'],
    ['{"scenario": {"seed": 1}, "view": {"t": 0, "panels": [1]}}', '$.view.panels'],
    ['{"scenario": {"seed": 1}, "view": {"t": 0, "zoom": 2}}', '$.view.zoom'],
    ['{"scenario": {"seed": 1}, "view": {"t": 0, "my key": 2}}', '$.view["my key"]'],
  ])('bad-document: %s', (json, path) => {
    const error = errorOf(decodeLink(craft(json)));
    expect(error.code).toBe('bad-document');
    expect(error.errors?.map((e) => e.path)).toEqual([path]);
  });

  it('bad-scenario: the validator’s errors, with their JSON paths', () => {
    const error = errorOf(
      decodeLink(
        craft('{"scenario": {"seed": "x", "clients": [{"name": "a", "program": [{"op": "crate"}]}]}}'),
      ),
    );
    expect(error.code).toBe('bad-scenario');
    expect(error.errors?.map((e) => e.path)).toEqual(['$.seed', '$.clients[0].program[0].op']);
    expect(error.message).toContain("unknown op 'crate' (did you mean 'create'?)");
  });

  it('bad-scenario: a null is not mistaken for an omitted field', () => {
    const error = errorOf(decodeLink(craft('{"scenario": {"seed": 1, "servers": null, "faults": null}}')));
    expect(error.errors?.map((e) => e.path)).toEqual(['$.servers', '$.faults']);
  });

  it('a scenario of another version is refused by the validator', () => {
    const error = errorOf(decodeLink(craft('{"scenario": {"version": 2, "seed": 1}}')));
    expect(error).toMatchObject({ code: 'bad-scenario', errors: [{ path: '$.version' }] });
  });

  it('encode refuses an invalid document instead of making a link that cannot be read', () => {
    const bad = { ...small, seed: -1 };
    expect(encodeLink({ scenario: bad })).toMatchObject({ ok: false, error: { code: 'bad-scenario' } });
    expect(encodeLink({ scenario: small, view: { t: Number.NaN } })).toMatchObject({
      ok: false,
      error: { code: 'bad-document' },
    });
  });
});

describe('tampering with example links', () => {
  it.each(EXAMPLES)('$name cut at every 10th position', ({ scenario }) => {
    const good = link(scenario);
    for (let n = 0; n < good.length; n += 10) {
      // Shorter than 'v1.' is no link at all; anything longer is a cut-off one.
      const expected = n < 3 ? 'bad-prefix' : 'damaged';
      expect([n, errorOf(decodeLink(good.slice(0, n))).code]).toEqual([n, expected]);
    }
  });

  it('every character changed to every other base64url character is caught by the seal', () => {
    const good = link(small);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (let i = 3; i < good.length; i++) {
      for (const c of alphabet) {
        if (c === good[i]) continue;
        const code = errorOf(decodeLink(good.slice(0, i) + c + good.slice(i + 1))).code;
        expect([i, c, code]).toEqual([i, c, 'damaged']);
      }
    }
  });

  it('a character outside the alphabet anywhere is bad-base64 at that character', () => {
    const good = link(small);
    for (let i = 3; i < good.length; i++) {
      const error = errorOf(decodeLink(`${good.slice(0, i)}+${good.slice(i + 1)}`));
      expect([i, error.code, error.index]).toEqual([i, 'bad-base64', i]);
    }
  });

  it('a changed prefix is a prefix or version error', () => {
    const good = link(small);
    expect(errorOf(decodeLink(`v2${good.slice(2)}`)).code).toBe('unknown-version');
    expect(errorOf(decodeLink(`x1${good.slice(2)}`)).code).toBe('bad-prefix');
    expect(errorOf(decodeLink(`v1:${good.slice(3)}`)).code).toBe('bad-prefix');
  });
});
