// Issue #12 item 9: a new session after expiry (zk.reconnect), as kazoo does on LOST and Curator
// by making a new handle: a fresh session id, the credentials sent again, no old watches, and the
// old session's ephemerals gone with it. The checker accepts the new session's lifecycle.
import { describe, expect, it } from 'vitest';
import { checkRun, liveServers } from '../../src/sim/check/index.ts';
import { logsOf, simulateLua } from '../support/lua-run.ts';
import { ofKind } from '../support/run.ts';

const SCRIPT = `
zk.add_auth("digest", "alice:pw")
zk.create("/e", "", { ephemeral = true })
local old = zk.session_id()
print(pcall(zk.reconnect))
zk.get("/e", true)
zk.sleep(3000)
print(zk.state(), zk.exists("/e"))
print(zk.reconnect())
print(zk.state())
print(zk.create("/p", "", { acl = "creator_all" }))
print(zk.session_id() ~= old, zk.state(), zk.exists("/e"))
print(zk.create("/e", "", { ephemeral = true }))
zk.set("/e", "x")
zk.sleep(10)
while true do
  local ev = zk.wait_event(0)
  if not ev then break end
  print(ev.type, ev.state or ev.path)
end
`;

describe('fidelity: zk.reconnect after expiry (issue #12 item 9)', () => {
  it('opens a new session with the same credentials and none of the old watches', async () => {
    const { events, sim } = await simulateLua({
      clients: [{ name: 'c', script: SCRIPT }],
      faults: [{ at: 1000, action: 'expire', target: 'c' }],
    });
    expect(logsOf(events)).toEqual([
      'false\tzk.reconnect: the session is still alive (zk.close() it first)',
      'CLOSED\tnil\tSessionExpired',
      'true',
      'CONNECTING',
      '/p',
      'true\tCONNECTED\tnil',
      '/e',
      // the old session's get watch fired with its expiry; nothing fires for the new /e
      'None\tSyncConnected',
      'NodeDeleted\t/e',
      'None\tDisconnected',
      'None\tExpired',
      'None\tSyncConnected',
    ]);
    const sessions = ofKind(events, 'client.session', 'c').map((e) => `${e.state} ${e.moved ?? false}`);
    expect(sessions).toEqual(['SyncConnected false', 'Expired false', 'SyncConnected false']);
    const ids = ofKind(events, 'client.session', 'c').map((e) => e.session);
    expect(ids[2]).not.toBe(ids[0]);
    expect(checkRun(events, liveServers(sim))).toEqual([]);
  });
});
