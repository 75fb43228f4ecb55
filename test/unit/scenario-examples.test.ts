import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatScenarioErrors, parseScenarioJson } from '../../src/scenario/validate.ts';
import { stepToRequest } from '../../src/sim/client/program-steps.ts';
import type { ProgramStep, Scenario } from '../../src/sim/scenario-types.ts';

const EXAMPLES = join(import.meta.dirname, '../../examples');

function load(file: string): Scenario {
  const result = parseScenarioJson(readFileSync(join(EXAMPLES, file), 'utf8'));
  if (!result.ok) throw new Error(`${file}:\n${formatScenarioErrors(result.errors)}`);
  return result.scenario;
}

/** Every step of every client, multi sub-ops included. */
function allSteps(scenario: Scenario): ProgramStep[] {
  const flatten = (steps: ProgramStep[]): ProgramStep[] =>
    steps.flatMap((s) => (s.op === 'multi' ? [s, ...flatten(s.ops)] : [s]));
  return scenario.clients.flatMap((c) => flatten(c.program));
}

describe('examples/', () => {
  const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.json'));

  it('holds the three required examples', () => {
    expect(files).toEqual(
      expect.arrayContaining(['standalone-basics.json', 'session-expiry.json', 'acl-demo.json']),
    );
  });

  it.each(files)('%s validates and every step becomes a request', (file) => {
    const scenario = load(file);
    for (const client of scenario.clients) {
      for (const step of client.program) expect(() => stepToRequest(step)).not.toThrow();
    }
  });

  it('standalone-basics: one server, two clients, every node type, a watch, a multi, a close', () => {
    const scenario = load('standalone-basics.json');
    expect(scenario.servers.count).toBe(1);
    expect(scenario.servers.extendedTypes).toBe(true);
    expect(scenario.clients).toHaveLength(2);
    const steps = allSteps(scenario);
    const modes = new Set(steps.flatMap((s) => (s.op === 'create' ? [s.mode ?? 'persistent'] : [])));
    expect([...modes].sort()).toEqual(
      [
        'container',
        'ephemeral',
        'ephemeral_sequential',
        'persistent',
        'persistent_sequential',
        'persistent_sequential_ttl',
        'persistent_ttl',
      ].sort(),
    );
    expect(steps.some((s) => (s.op === 'get' || s.op === 'exists' || s.op === 'children') && s.watch)).toBe(
      true,
    );
    expect(steps.some((s) => s.op === 'multi')).toBe(true);
    expect(steps.some((s) => s.op === 'close')).toBe(true);
  });

  it('session-expiry: a client holding an ephemeral is crashed; another watches the node', () => {
    const scenario = load('session-expiry.json');
    const crash = scenario.faults.find((f) => f.action === 'crash');
    expect(crash).toBeDefined();
    const target = crash && 'target' in crash ? crash.target : undefined;
    const holder = scenario.clients.find((c) => c.name === target);
    const ephemeral = holder?.program.find((s) => s.op === 'create' && s.mode === 'ephemeral');
    expect(ephemeral).toBeDefined();
    const path = ephemeral && 'path' in ephemeral ? ephemeral.path : undefined;
    const watcher = scenario.clients.find((c) => c.name !== target);
    expect(watcher?.program.some((s) => s.op === 'exists' && s.path === path && s.watch)).toBe(true);
    // The crash comes after the holder started and leaves time for the session to expire.
    expect(crash!.at).toBeGreaterThan(holder!.start);
    expect(scenario.duration).toBeGreaterThan(crash!.at + holder!.sessionTimeout);
  });

  it('acl-demo: digest ACL ids match the password the clients authenticate with', () => {
    const scenario = load('acl-demo.json');
    const steps = allSteps(scenario);
    const auths = steps.flatMap((s) => (s.op === 'add_auth' && s.scheme === 'digest' ? [s.auth] : []));
    const digestIds = steps.flatMap((s) =>
      (s.op === 'create' || s.op === 'set_acl') && Array.isArray(s.acl)
        ? s.acl.filter((e) => e.split(':')[1] === 'digest').map((e) => e.split(':').slice(2).join(':'))
        : [],
    );
    expect(digestIds.length).toBeGreaterThan(0);
    for (const id of digestIds) {
      const user = id.split(':')[0];
      const password = auths.find((a) => a.startsWith(`${user}:`) && a !== `${user}:wrong`);
      expect(password).toBeDefined();
      expect(`${user}:${createHash('sha1').update(password!).digest('base64')}`).toBe(id);
    }
    expect(steps.some((s) => s.op === 'get_acl')).toBe(true);
    expect(steps.some((s) => s.op === 'create' && s.acl === 'creator_all')).toBe(true);
  });
});
