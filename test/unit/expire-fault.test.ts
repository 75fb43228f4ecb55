// The `expire` fault: the ensemble expires a client's session now (the fault palette's "expire
// session"), in standalone mode and in an ensemble, with the client's ephemerals going with it.
import { describe, expect, it } from 'vitest';
import { simulateLua } from '../support/lua-run.ts';
import { ofKind } from '../support/run.ts';

const script = `
zk.create('/e', 'x', { ephemeral = true })
while true do
  local ev = zk.wait_event(60000)
  if ev and ev.state then zk.log(ev.state) end
  if ev and ev.state == 'Expired' then break end
end`;

const watcher = `
zk.sleep(500)
assert(zk.exists('/e', true))
local ev = zk.wait_event(60000)
while ev.type == 'None' do ev = zk.wait_event(60000) end
zk.log(ev.type .. ' ' .. ev.path)`;

describe('expire fault', () => {
  for (const servers of [1, 3]) {
    it(`${servers} server(s): the session is closed at once, its ephemeral deleted, the client told Expired`, async () => {
      const { events } = await simulateLua({
        duration: 20_000,
        servers: { count: servers },
        clients: [
          { name: 'c', start: 1_000, sessionTimeout: 30_000, script },
          { name: 'w', start: 1_000, script: watcher },
        ],
        faults: [{ at: 5_000, action: 'expire', target: 'c' }],
      });
      const fault = ofKind(events, 'fault').find((e) => e.action === 'expire')!;
      const session = ofKind(events, 'client.session', 'c').find((e) => e.state === 'SyncConnected')!.session;
      expect(BigInt(String(fault.session))).toBe(session);
      const expire = ofKind(events, 'server.session').find((e) => e.op === 'expire');
      expect(expire?.t).toBe(5_000);
      expect(expire?.session).toBe(session);
      // Long before the 30 s timeout could pass.
      const deleted = ofKind(events, 'lua.log', 'w').map((e) => e.message);
      expect(deleted).toEqual(['NodeDeleted /e']);
      const logs = ofKind(events, 'lua.log', 'c');
      expect(logs.map((e) => e.message)).toContain('Expired');
      expect(logs.at(-1)!.t).toBeLessThan(10_000);
    });
  }

  it('of a client without a session does nothing but say so', async () => {
    const { events } = await simulateLua({
      duration: 3_000,
      clients: [{ name: 'c', start: 2_000, script }],
      faults: [{ at: 1_000, action: 'expire', target: 'c' }],
    });
    expect(ofKind(events, 'fault')[0]).toMatchObject({ action: 'expire', target: 'c', session: null });
    expect(ofKind(events, 'server.session').filter((e) => e.op === 'expire')).toEqual([]);
  });
});
