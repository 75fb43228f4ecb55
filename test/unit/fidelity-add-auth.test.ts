// Issue #12 item 5: addAuth edge cases, as a 3.8 server and its clients do them.
// `ip` succeeds (IPAuthenticationProvider adds the connection's own address) but is not an
// authenticated id for `auth`/creator_all ACLs; an unknown scheme gets AuthFailed and the server
// closes the connection; the client handle goes to AUTH_FAILED (later calls fail with AuthFailed)
// while the session lives on in the ensemble until it expires.
import { describe, expect, it } from 'vitest';
import { logsOf, simulateLua } from '../support/lua-run.ts';
import { ofKind } from '../support/run.ts';

const SCRIPT = `
zk.create("/e", "", { ephemeral = true })
local sid = zk.session_id()
print(zk.add_auth("ip", "10.9.9.9"))
print(zk.create("/c", "", { acl = "creator_all" }))
print(zk.create("/mine", "", { acl = { "cdrwa:ip:10.0.1.1" } }))
print(zk.get("/mine") ~= nil)
print(zk.add_auth("foo", "bar"))
print(zk.state(), zk.session_id() == sid)
print(zk.exists("/mine"))
while true do
  local ev = zk.wait_event(0)
  if not ev then break end
  print(ev.type, ev.state)
end
`;

// Another client looks at c's ephemeral before and after c's session timeout (10 s).
const WATCHER = `
zk.sleep(1000)
print(zk.exists("/e") ~= nil)
zk.sleep(12000)
print(zk.exists("/e"))
print(zk.get("/mine"))
`;

describe('fidelity: add_auth edge cases (issue #12 item 5)', () => {
  it('ip succeeds, unknown schemes end the handle with AuthFailed, the session expires later', async () => {
    const { events } = await simulateLua({
      clients: [
        { name: 'c', script: SCRIPT, sessionTimeout: 10_000 },
        { name: 'w', script: WATCHER },
      ],
    });
    expect(logsOf(events, 'c')).toEqual([
      'true',
      'nil\tInvalidACL',
      '/mine',
      'true',
      'nil\tAuthFailed',
      'CLOSED\ttrue',
      'nil\tAuthFailed',
      'None\tSyncConnected',
      'None\tAuthFailed',
    ]);
    // The `ip` ACL names c's address (10.0.1.1): w, at 10.0.1.2, may not read it.
    expect(logsOf(events, 'w')).toEqual(['true', 'nil', 'nil\tNoAuth']);
    const c = ofKind(events, 'client.session', 'c').map((e) => e.state);
    expect(c).toEqual(['SyncConnected', 'AuthFailed']);
    // The server ended the connection, not the session: no closeSession, an expiry ≈10 s later.
    const serverOps = ofKind(events, 'server.session').filter(
      (e) => e.session === ofKind(events, 'client.session', 'c')[0]!.session,
    );
    expect(serverOps.map((e) => e.op)).toEqual(['create', 'expire']);
  });
});
