// Bugs found while documenting the API, each pinned by the behaviour it now has.
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../src/scenario/validate.ts';
import { logsOf, luaErrors, runScript, simulateLua } from '../support/lua-run.ts';
import { ofKind } from '../support/run.ts';

describe('Lua client fixes', () => {
  it('a NaN sleep or wait is an argument error, and the simulation goes on', async () => {
    const { events } = await simulateLua({
      duration: 5000,
      clients: [
        { name: 'a', script: 'print("a1") zk.sleep(100) print("a2")' },
        { name: 'b', start: 50, script: 'zk.sleep(0/0)' },
        { name: 'w', start: 60, script: 'zk.wait_event("100")' },
      ],
    });
    expect(logsOf(events, 'a')).toEqual(['a1', 'a2']);
    expect(luaErrors(events, 'b')[0]?.message).toContain('zk.sleep: ms must be a finite number');
    expect(luaErrors(events, 'w')[0]?.message).toContain('zk.wait_event: ms must be a finite number');
  });

  it('a non-finite number in zk.mark fields is an argument error, not a crash', async () => {
    const { events } = await runScript('local ok, e = pcall(zk.mark, "m", { v = 0/0 }) print(ok, e)');
    expect(logsOf(events)[0]).toMatch(/^false\t.*numbers in fields must be finite/);
  });

  it('an empty Lua table is a table: zk.create opts and zk.mark fields', async () => {
    const { events } = await runScript('local opts = {} print(zk.create("/x", "d", opts)) zk.mark("m", {})');
    expect(logsOf(events)).toEqual(['/x']);
    expect(ofKind(events, 'lua.mark')[0]?.fields).toEqual({});
  });

  it('zk.multi rejects keys an op does not take', async () => {
    const { events } = await runScript('zk.multi({ { op = "create", path = "/a", ephemeral = true } })');
    expect(luaErrors(events)[0]?.message).toContain("unknown key 'ephemeral'");
  });

  it('auth added with add_auth is sent again after a reconnect', async () => {
    const { events } = await simulateLua({
      servers: { count: 3 },
      duration: 20_000,
      clients: [
        {
          name: 'c',
          connect: [3, 1],
          start: 1000,
          script: [
            'zk.add_auth("digest", "alice:secret")',
            'zk.create("/p", "mine", { acl = "creator_all" })',
            'zk.sleep(4000)',
            'print(zk.get("/p"))',
          ].join('\n'),
        },
      ],
      faults: [{ at: 2000, action: 'crash', target: 'zk3' }],
    });
    expect(ofKind(events, 'client.session', 'c').some((e) => e.moved === true)).toBe(true);
    expect(logsOf(events)[0]).toMatch(/^mine\t/);
  });

  it('zk.close() ends the handle even when the connection is lost before the answer', async () => {
    const { events } = await simulateLua({
      duration: 8000,
      clients: [
        { name: 'c', script: 'zk.sleep(1000) print(zk.close()) print(zk.state()) print(zk.get("/"))' },
      ],
      faults: [
        { at: 500, action: 'pause', target: 'zk1' },
        { at: 1500, action: 'crash', target: 'zk1' },
        { at: 3000, action: 'restart', target: 'zk1' },
      ],
    });
    expect(logsOf(events)).toEqual(['true', 'CLOSED', 'nil\tSessionExpired']);
  });

  it('validating an already validated scenario with a script client succeeds', () => {
    const once = validateScenario({ version: 1, seed: 1, clients: [{ name: 'c', script: 'print(1)' }] });
    expect(once.ok).toBe(true);
    if (once.ok) expect(validateScenario(once.scenario).ok).toBe(true);
  });
});
