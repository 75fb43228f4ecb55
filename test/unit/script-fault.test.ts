// A `script` fault: how a script edit made at time t is recorded in the scenario and replayed.
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../src/scenario/validate.ts';
import { logsOf, simulateLua } from '../support/lua-run.ts';
import { ofKind } from '../support/run.ts';

const loop = (word: string) => `while true do zk.log('${word}') zk.sleep(1000) end`;

describe('script fault', () => {
  it('restarts the client with the new script at its time, with a new session', async () => {
    const { events } = await simulateLua({
      duration: 6_500,
      clients: [{ name: 'c', script: loop('old') }],
      faults: [{ at: 3_500, action: 'script', target: 'c', script: loop('new') }],
    });
    const logs = ofKind(events, 'lua.log', 'c');
    expect(logs.filter((e) => e.message === 'old').every((e) => e.t < 3_500)).toBe(true);
    expect(logs.filter((e) => e.message === 'new').every((e) => e.t >= 3_500)).toBe(true);
    expect(logsOf(events)).toEqual(['old', 'old', 'old', 'old', 'new', 'new', 'new', 'new']);
    const sessions = ofKind(events, 'client.session', 'c').filter((e) => e.state === 'SyncConnected');
    expect(new Set(sessions.map((e) => String(e.session))).size).toBe(2);
    const fault = ofKind(events, 'fault').find((e) => e.action === 'script');
    expect(fault?.script).toBe(`${loop('new').length} chars`);
  });

  it('turns a JSON program client into a Lua client', async () => {
    const { events } = await simulateLua({
      duration: 3_000,
      clients: [{ name: 'c', program: [{ op: 'create', path: '/a' }] }],
      faults: [
        {
          at: 1_000,
          action: 'script',
          target: 'c',
          script: "zk.log(zk.exists('/a') and 'exists' or 'absent')",
        },
      ],
    });
    expect(logsOf(events)).toEqual(['exists']);
  });

  it('is refused on a server, and without a script', () => {
    const bad = validateScenario({
      version: 1,
      seed: 1,
      clients: [{ name: 'c', script: '' }],
      faults: [
        { at: 1, action: 'script', target: 'zk1', script: '' },
        { at: 1, action: 'script', target: 'c' },
      ],
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.errors.map((e) => e.path)).toEqual(['$.faults[0].target', '$.faults[1].script']);
    expect(bad.errors[0]!.message).toContain('is a server');
  });
});
