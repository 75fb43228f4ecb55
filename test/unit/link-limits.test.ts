// The length policy: whole hashes up to the soft limit are fine, up to the hard cap are long, past
// it there is no link (the page offers a .json download).
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../src/scenario/validate.ts';
import { linkFit } from '../../src/share/fit.ts';
import { fitOfHash, LINK_HARD_CAP, LINK_SOFT_LIMIT } from '../../src/share/limits.ts';
import { decodeLink } from '../../src/share/link.ts';
import { ENGINE_VERSION } from '../../src/sim/engine-version.ts';

const hashOf = (length: number) => `#v1.${'A'.repeat(length - 4)}`;

/** A scenario whose script is `n` characters that deflate cannot shrink much (a xorshift stream). */
function scenarioWithNoise(n: number) {
  let x = 2463534242;
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let noise = '';
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    noise += alphabet[(x >>> 0) % alphabet.length];
  }
  const v = validateScenario({ version: 1, seed: 1, clients: [{ name: 'a', script: `-- ${noise}` }] });
  if (!v.ok) throw new Error('invalid');
  return v.scenario;
}

describe('fitOfHash', () => {
  it('counts the whole hash, # included, against both limits', () => {
    expect(fitOfHash(hashOf(LINK_SOFT_LIMIT))).toMatchObject({ fits: true, long: false, length: 2000 });
    expect(fitOfHash(hashOf(LINK_SOFT_LIMIT + 1))).toMatchObject({ fits: true, long: true, length: 2001 });
    expect(fitOfHash(hashOf(LINK_HARD_CAP))).toMatchObject({ fits: true, long: true, length: 8000 });
    expect(fitOfHash(hashOf(LINK_HARD_CAP + 1))).toMatchObject({
      fits: false,
      reason: 'too-long',
      length: 8001,
    });
  });
});

describe('linkFit', () => {
  it('a small scenario fits, and its hash decodes', () => {
    const scenario = scenarioWithNoise(10);
    const fit = linkFit({ scenario });
    expect(fit).toMatchObject({ fits: true, long: false });
    expect(fit.fits && decodeLink(fit.hash)).toEqual({ ok: true, doc: { scenario, engine: ENGINE_VERSION } });
  });

  it('a long one fits with a warning; a huge one does not, and says why', () => {
    const long = linkFit({ scenario: scenarioWithNoise(3000) });
    expect(long).toMatchObject({ fits: true, long: true });
    const huge = linkFit({ scenario: scenarioWithNoise(12_000) });
    expect(huge).toMatchObject({ fits: false, reason: 'too-long' });
    expect(huge.fits === false && huge.reason === 'too-long' && huge.length).toBeGreaterThan(LINK_HARD_CAP);
    expect(huge.fits === false && huge.reason === 'too-long' && huge.message).toContain('.json');
  });

  it('an invalid document has no link', () => {
    const scenario = { ...scenarioWithNoise(1), seed: 2 ** 40 };
    expect(linkFit({ scenario })).toMatchObject({
      fits: false,
      reason: 'invalid',
      error: { code: 'bad-scenario' },
    });
  });
});
