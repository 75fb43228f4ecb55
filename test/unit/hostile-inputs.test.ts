// Hostile scenario files and links (issue #11): each is refused with a message that says what is
// wrong and where, without throwing, and with bounded output. test/fixtures/hostile/ holds the
// corpus (links.txt is written by make-links.ts there); the inputs too big to keep as files are
// built here. Work is bounded by sizes (message lengths, error counts), not by wall time.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeUtf8 } from '../../src/cli/text.ts';
import { nodeWasmSource } from '../../src/lua/wasm-node.ts';
import {
  MAX_REPORTED_ERRORS,
  MAX_RESTARTS,
  parseScenarioJson,
  type ScenarioError,
  validateScenario,
} from '../../src/scenario/validate.ts';
import { decodeLink } from '../../src/share/link.ts';
import { LuaPool, luaClients, needsLua } from '../../src/sim/lua-pool.ts';
import type { Scenario } from '../../src/sim/scenario-types.ts';
import { createSimulation } from '../../src/sim/simulation.ts';
import { craftLink } from '../fixtures/hostile/craft-link.ts';

const DIR = 'test/fixtures/hostile';
/** No path or message is longer than this, whatever the input. */
const MAX_ERROR_CHARS = 1000;

function expectBounded(errors: readonly ScenarioError[]): void {
  expect(errors.length).toBeGreaterThan(0);
  expect(errors.length).toBeLessThanOrEqual(MAX_REPORTED_ERRORS + 1);
  for (const e of errors) {
    expect(e.path.length + e.message.length).toBeLessThanOrEqual(MAX_ERROR_CHARS);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: no raw control character may be echoed
    expect(e.message).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  }
}

/** A scenario file as the CLI reads it: strict UTF-8, then JSON, then the validator. */
function readScenario(bytes: Uint8Array): { ok: true } | { ok: false; errors: ScenarioError[] } {
  const text = decodeUtf8(bytes);
  if (!text.ok) return { ok: false, errors: [{ path: '$', message: text.message }] };
  const r = parseScenarioJson(text.text);
  return r.ok ? { ok: true } : { ok: false, errors: r.errors };
}

const links = readFileSync(join(DIR, 'links.txt'), 'utf8')
  .split('\n')
  .reduce<{ what: string; code: string; link: string }[]>((out, line, i, all) => {
    const m = /^(\S+) (".*")$/.exec(line);
    if (m) out.push({ what: all[i - 1]!.slice(2), code: m[1]!, link: JSON.parse(m[2]!) as string });
    return out;
  }, []);

describe('the hostile corpus', () => {
  const files = readdirSync(join(DIR, 'scenarios')).sort();
  it.each(files)('scenario file %s is refused with a located, bounded message', (file) => {
    const r = readScenario(readFileSync(join(DIR, 'scenarios', file)));
    expect(r.ok).toBe(false);
    if (!r.ok) expectBounded(r.errors);
  });

  it('has links', () => expect(links.length).toBeGreaterThanOrEqual(15));
  it.each(links)('link: $what → $code', ({ code, link }) => {
    const r = decodeLink(link);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe(code);
    expect(r.error.message.length).toBeLessThanOrEqual(MAX_ERROR_CHARS * (MAX_REPORTED_ERRORS + 2));
    if (r.error.errors) expectBounded(r.error.errors);
  });
});

describe('item 5: bounds are checked before anything is derived from them', () => {
  it('10^9 observers is an error at its path, not a 10^9-element connect list', () => {
    const r = validateScenario({
      version: 1,
      seed: 1,
      servers: { observers: 1e9 },
      clients: [{ name: 'a' }],
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.path)).toEqual(['$.servers.observers']);
  });
  it('the 31-character link says what is wrong', () => {
    const r = decodeLink('#v1.Q7UKbhaSVuR4A5kLBrW1tQBL3z4x');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('$.servers.observers: expected an integer in 0..9');
  });
});

describe('item 6: suggestions, echoes and error lists are bounded', () => {
  it('a 2 MB unknown key gets a short message (no edit distance over it)', () => {
    const key = 'k'.repeat(2_000_000);
    const r = parseScenarioJson(`{"version":1,"seed":1,"${key}":1}`);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expectBounded(r.errors);
      expect(r.errors[0]!.message).toMatch(/^unknown key 'k{39}…' \(allowed keys: version, /);
    }
  });
  it('a 10 MB file with one unknown op is refused with a short message', () => {
    const op = 'x'.repeat(10_000_000);
    const r = parseScenarioJson(
      JSON.stringify({ version: 1, seed: 1, clients: [{ name: 'a', program: [{ op }] }] }),
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expectBounded(r.errors);
  });
  it('typos in short words are still suggested', () => {
    const r = validateScenario({
      version: 1,
      sead: 1,
      clients: [{ name: 'a', program: [{ op: 'crate', path: '/a' }] }],
    });
    expect(r.ok ? [] : r.errors.map((e) => e.message)).toEqual([
      "unknown key 'sead' (did you mean 'seed'?)",
      "missing required key 'seed': expected an integer in 0..4294967295 (uint32)",
      "unknown op 'crate' (did you mean 'create'?)",
    ]);
  });
  it('10,000 unknown keys give the first errors and a count of the rest', () => {
    const doc: Record<string, unknown> = { version: 1, seed: 1 };
    for (let i = 0; i < 10_000; i++) doc[`k${i}`] = i;
    const r = validateScenario(doc);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toHaveLength(MAX_REPORTED_ERRORS + 1);
      expect(r.errors.at(-1)!.message).toBe(`… and ${10_000 - MAX_REPORTED_ERRORS} more error(s) not shown`);
    }
  });
  it('a fault naming an unknown node among 2,000 clients lists a few of them', () => {
    const clients = Array.from({ length: 2000 }, (_, i) => ({ name: `c${i}` }));
    const r = validateScenario({
      version: 1,
      seed: 1,
      clients,
      faults: [{ at: 0, action: 'crash', target: 'nobody' }],
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.message).toMatch(/c9, … \(1990 more\)\)$/);
  });
});

describe('item 8: restarts per scenario are capped', () => {
  const withRestarts = (n: number) => ({
    version: 1,
    seed: 1,
    clients: [{ name: 'a', script: '' }],
    faults: Array.from({ length: n }, (_, i) => ({
      at: i,
      action: i % 2 ? 'restart' : 'script',
      target: 'a',
      ...(i % 2 ? {} : { script: '' }),
    })),
  });
  it(`${MAX_RESTARTS} are fine, one more is an error at $.faults`, () => {
    expect(validateScenario(withRestarts(MAX_RESTARTS)).ok).toBe(true);
    const r = validateScenario(withRestarts(MAX_RESTARTS + 1));
    expect(r.ok ? [] : r.errors).toEqual([
      {
        path: '$.faults',
        message: `${MAX_RESTARTS + 1} restart and script faults; a scenario may have at most ${MAX_RESTARTS}`,
      },
    ]);
  });
});

describe('item 11: JSON errors always say where', () => {
  it.each([
    ['{"version": 1,\n  "seed": NaN}', 'line 2, column 11: NaN is not a JSON value'],
    ['{"seed": Infinity}', 'line 1, column 10: Infinity is not a JSON value'],
    ['\u0000\u0001junk', 'line 1, column 1: unexpected character U+0000'],
    ["{'seed': 1}", 'line 1, column 2'],
  ])('%j', (text, expected) => {
    const r = parseScenarioJson(text);
    expect(r.ok ? '' : r.errors[0]!.message).toContain(`invalid JSON at ${expected}`);
  });
  it('a Latin-1 file is refused at its first non-UTF-8 byte', () => {
    const r = decodeUtf8(new Uint8Array([0x7b, 0x0a, 0x20, 0x22, 0x63, 0x61, 0x66, 0xe9, 0x22]));
    expect(r.ok ? '' : r.message).toBe(
      'not UTF-8 text: byte 0xE9 at line 2, column 6 (byte 7) is not valid UTF-8; save the file as UTF-8 (was it Latin-1?)',
    );
  });
  it('a crafted link with NaN is bad-json with a position', () => {
    const r = decodeLink(craftLink('{"scenario":{"seed":NaN}}'));
    expect(r.ok ? '' : r.error.message).toBe(
      'invalid JSON at line 1, column 21: NaN is not a JSON value (use a number or null)',
    );
  });
});

describe('item 7: one rule for which clients need Lua VMs', () => {
  const scenario = (): Scenario => {
    const r = validateScenario({
      version: 1,
      seed: 3,
      duration: 3000,
      clients: [{ name: 'a', program: [{ op: 'create', path: '/x' }] }, { name: 'b' }],
      faults: [{ at: 1000, action: 'script', target: 'a', script: "zk.create('/y', 'edited')" }],
    });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    return r.scenario;
  };
  it('a JSON-program client edited by a script fault needs a VM; the others do not', () => {
    expect(needsLua(scenario())).toBe(true);
    expect([...luaClients(scenario())]).toEqual([['a', [1000]]]);
  });
});

describe('item 8: VMs made lazily and recycled give the same trace as VMs made up front', () => {
  it('30 restarts of a Lua client: same hash, at most two live VMs', async () => {
    const r = validateScenario({
      version: 1,
      seed: 5,
      duration: 16_000,
      clients: [
        {
          name: 'a',
          script: "local n = math.random(1, 1000) zk.create('/n', tostring(n), 'ephemeral_sequential')",
        },
      ],
      faults: Array.from({ length: 30 }, (_, i) => [
        { at: 500 * i + 100, action: 'crash', target: 'a' },
        { at: 500 * i + 300, action: 'restart', target: 'a' },
      ]).flat(),
    });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const s = r.scenario;
    const eager = await LuaPool.prepare(s, nodeWasmSource());
    const a = createSimulation(s, { lua: eager });
    a.runUntil(s.duration);
    const expected = a.traceHash();
    eager.close();

    const lazy = await LuaPool.lazy(s, nodeWasmSource(), {}, { recycle: true });
    expect(lazy.live).toBe(1);
    const b = createSimulation(s, { lua: lazy });
    let most = 0;
    b.trace.onEvent(() => {
      most = Math.max(most, lazy.live);
    });
    await b.advance(s.duration);
    lazy.close();
    expect(most).toBeLessThanOrEqual(2);
    expect(b.traceHash()).toBe(expected);
    expect(b.trace.length).toBe(a.trace.events.length);
  });
});

describe('item 13: a streamed trace keeps no events and hashes the same', () => {
  it('the sink gets the canonical lines, the hash is unchanged, nothing is kept', () => {
    const r = JSON.parse(readFileSync('examples/ensemble-failover.json', 'utf8'));
    const v = validateScenario(r);
    if (!v.ok) throw new Error('example invalid');
    const kept = createSimulation(v.scenario);
    kept.runUntil(v.scenario.duration);
    const streamed = createSimulation(v.scenario);
    const lines: string[] = [];
    streamed.trace.stream((l) => lines.push(l));
    streamed.runUntil(v.scenario.duration);
    expect(streamed.trace.events).toHaveLength(0);
    expect(streamed.trace.length).toBe(kept.trace.events.length);
    expect(streamed.traceHash()).toBe(kept.traceHash());
    expect(lines.join('')).toBe(kept.trace.jsonl());
  });
});
