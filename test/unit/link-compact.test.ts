// The compact form inside a link: defaults left out, and put back as link format v1 pinned them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenarioJson, validateScenario } from '../../src/scenario/validate.ts';
import { fillDefaults, stripDefaults, V1_DEFAULTS } from '../../src/share/compact.ts';
import type { Scenario } from '../../src/sim/scenario-types.ts';

function valid(doc: unknown): Scenario {
  const v = validateScenario(doc);
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  return v.scenario;
}

describe('stripDefaults', () => {
  it('leaves out every field the session-expiry example does not need', () => {
    const parsed = parseScenarioJson(readFileSync('examples/session-expiry.json', 'utf8'));
    if (!parsed.ok) throw new Error('session-expiry does not validate');
    const compact = stripDefaults(parsed.scenario);
    // docs/scenario.md lists the defaults validation fills into this document; they are all gone.
    expect(compact).not.toHaveProperty('version');
    expect(compact).not.toHaveProperty('network');
    expect(compact).not.toHaveProperty('servers');
    const clients = compact.clients as Record<string, unknown>[];
    expect(clients.map((c) => Object.keys(c).sort())).toEqual([
      ['name', 'program', 'sessionTimeout'], // holder: start 0 and connect [1] are defaults
      ['name', 'program', 'start'], // watcher: sessionTimeout 10000 and connect [1] are defaults
    ]);
    expect(validateScenario(fillDefaults(compact))).toEqual({ ok: true, scenario: parsed.scenario });
  });

  it('keeps what differs from a default, and every step exactly as written', () => {
    const scenario = valid({
      version: 1,
      seed: 9,
      duration: 5000,
      servers: { count: 3, observers: 0, bugs: [] },
      network: { latency: { jitter: 7 } },
      clients: [{ name: 'a', connect: [2], start: 0, program: [{ op: 'get', path: '/', watch: false }] }],
    });
    expect(stripDefaults(scenario)).toEqual({
      seed: 9,
      duration: 5000,
      servers: { count: 3, observers: 0, bugs: [] },
      network: { latency: { jitter: 7 } },
      clients: [{ name: 'a', connect: [2], program: [{ op: 'get', path: '/', watch: false }] }],
    });
  });

  it("drops a client's connect only when it is every server, observers included", () => {
    const servers = { count: 3, observers: 1 };
    const all = valid({ version: 1, seed: 1, servers, clients: [{ name: 'a' }] });
    expect(all.clients[0]!.connect).toEqual([1, 2, 3, 4]);
    expect(stripDefaults(all).clients).toEqual([{ name: 'a' }]);
    const voters = valid({ version: 1, seed: 1, servers, clients: [{ name: 'a', connect: [1, 2, 3] }] });
    expect(stripDefaults(voters).clients).toEqual([{ name: 'a', connect: [1, 2, 3] }]);
    for (const s of [all, voters])
      expect(validateScenario(fillDefaults(stripDefaults(s)))).toEqual({ ok: true, scenario: s });
  });
});

describe('fillDefaults', () => {
  it('puts back the pinned v1 defaults (today the same as the validator’s)', () => {
    expect(validateScenario(fillDefaults({ seed: 1, clients: [{ name: 'a' }] }))).toEqual(
      validateScenario({ version: 1, seed: 1, clients: [{ name: 'a' }] }),
    );
  });

  it('is frozen: old links depend on these values', () => {
    expect(Object.isFrozen(V1_DEFAULTS)).toBe(true);
    expect(Object.isFrozen(V1_DEFAULTS.network.latency)).toBe(true);
  });

  it('leaves what is not an object to the validator', () => {
    expect(fillDefaults([1])).toEqual([1]);
    const filled = fillDefaults({ seed: 1, servers: 'x', clients: [null, { name: 'b' }] }) as Record<
      string,
      unknown
    >;
    expect(filled.servers).toBe('x');
    // With no sound server count, connect is left for the validator to default.
    expect(filled.clients).toEqual([null, { name: 'b', start: 0, sessionTimeout: 10_000, program: [] }]);
  });
});
