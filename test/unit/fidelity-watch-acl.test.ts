// Issue #12 item 6: since ZooKeeper 3.8.4 / 3.9.2 (CVE-2024-23944, ZOOKEEPER-4799) a watch event is
// delivered only to a connection allowed to READ the node it is about (the parent, for
// NodeChildrenChanged); the one-shot watch is used up all the same. 3.8.0 delivered it.
import { describe, expect, it } from 'vitest';
import { logsOf, simulateLua } from '../support/lua-run.ts';
import { ofKind } from '../support/run.ts';

const ALICE = `
zk.add_auth("digest", "alice:secret")
zk.create("/s", "0", { acl = "creator_all" })
zk.create("/open", "")
zk.sleep(1000)
zk.set("/s", "1")                                   -- eve's exists watch: filtered
zk.create("/new", "", { acl = "creator_all" })      -- eve's watch on the missing /new: filtered
zk.create("/open/kid", "", { acl = "creator_all" }) -- eve's child watch on /open (open ACL): delivered
zk.sleep(1000)
zk.set_acl("/s", "open")
zk.set("/s", "2")                                   -- eve's watch was used up at "1": nothing
zk.sleep(1000)
`;

const EVE = `
zk.sleep(500)
print(zk.exists("/s", true) ~= nil)
print(zk.exists("/new", true))
print(#zk.children("/open", true))
local d, err = zk.get("/s")
print(d or err)
zk.sleep(2000)
print((zk.get("/s")))
while true do
  local ev = zk.wait_event(0)
  if not ev then break end
  if ev.type ~= "None" then print(ev.type, ev.path) end
end
`;

// Bob reads with alice's credentials: every event reaches him.
const BOB = EVE.replace('zk.sleep(500)', 'zk.add_auth("digest", "alice:secret")\nzk.sleep(500)');

describe('fidelity: watch events need READ (issue #12 item 6)', () => {
  it('a client without READ on the node gets no event; its one-shot watch is used up', async () => {
    const { events } = await simulateLua({
      clients: [
        { name: 'alice', script: ALICE },
        { name: 'eve', script: EVE },
        { name: 'bob', script: BOB },
      ],
    });
    expect(logsOf(events, 'eve')).toEqual(['true', 'nil', '0', 'NoAuth', '2', 'NodeChildrenChanged\t/open']);
    expect(logsOf(events, 'bob')).toEqual([
      'true',
      'nil',
      '0',
      '0',
      '2',
      'NodeDataChanged\t/s',
      'NodeCreated\t/new',
      'NodeChildrenChanged\t/open',
    ]);
    // Nothing about /s or /new reached eve on the wire.
    const eve = ofKind(events, 'client.event', 'eve').filter((e) => e.type !== 'None');
    expect(eve.map((e) => `${e.type} ${e.path}`)).toEqual(['NodeChildrenChanged /open']);
  });
});
