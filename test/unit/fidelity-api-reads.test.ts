// Issue #12 item 9, the read calls ZooKeeper 3.6+ has: getEphemerals (the caller's own, a plain
// string prefix), getAllChildrenNumber (every descendant; from "/" /zookeeper's too) and multiRead
// (per-op results, no watches; a write inside → MarshallingError, no zxid; a read inside a multi →
// MarshallingError, one zxid).
import { describe, expect, it } from 'vitest';
import { logsOf, simulateLua } from '../support/lua-run.ts';
import { ofKind } from '../support/run.ts';

const OWNER = `
zk.create("/e", "", { ephemeral = true })
zk.create("/eb", "", { ephemeral = true })
zk.create("/f", "d")
zk.create("/f/x", "", { ephemeral = true })
zk.sleep(1000)
local function list(t) table.sort(t); return table.concat(t, ",") end
print(list(zk.get_ephemerals("/e")))
print(list(zk.get_ephemerals()))
print(list(zk.get_ephemerals("/f/")))
print(zk.get_all_children_number("/"))
print(zk.get_all_children_number("/f"))
print(zk.get_all_children_number("/zookeeper"))
print(zk.get_all_children_number("/nope"))
print(zk.get_all_children_number("/secret"))
local r = zk.multi_read({ { op = "get", path = "/f" }, { op = "children", path = "/f" }, { op = "get", path = "/nope" } })
print(r[1].op, r[1].data, r[1].stat.numChildren, r[2].op, r[2].children[1], r[3].op, r[3].err)
local a = zk.create("/z", "", { sequential = true })
print(zk.multi_read({ { op = "get", path = "/f" }, { op = "create", path = "/w" } }))
local b = zk.create("/z", "", { sequential = true })
print((zk.multi({ { op = "create", path = "/w" }, { op = "get", path = "/f" } })))
local c = zk.create("/z", "", { sequential = true })
print(zk.exists(b).czxid - zk.exists(a).czxid - 1, zk.exists(c).czxid - zk.exists(b).czxid - 1, zk.exists("/w"))
zk.set("/f", "changed")
`;

// Another session: its own ephemeral only, and a node it may not read.
const OTHER = `
zk.add_auth("digest", "bob:pw")
zk.create("/secret", "", { acl = "creator_all" })
zk.create("/o", "", { ephemeral = true })
print(table.concat(zk.get_ephemerals("/"), ","))
`;

describe('fidelity: getEphemerals, getAllChildrenNumber, multiRead (issue #12 item 9)', () => {
  it('answers as ZooKeeper 3.8 does', async () => {
    const { events } = await simulateLua({
      clients: [
        { name: 'c', script: OWNER },
        { name: 'o', script: OTHER },
      ],
    });
    expect(logsOf(events, 'c')).toEqual([
      '/e,/eb',
      '/e,/eb,/f/x',
      '/f/x',
      // /zookeeper, quota, config, /e, /eb, /f, /f/x, /secret, /o
      '9',
      '1',
      '2',
      'nil\tNoNode',
      'nil\tNoAuth',
      'get\td\t1\tchildren\tx\terror\tNoNode',
      'nil\tMarshallingError',
      'nil',
      '0\t1\tnil',
    ]);
    expect(logsOf(events, 'o')).toEqual(['/o']);
    // multiRead sets no watch: the later set of /f notifies nobody.
    expect(ofKind(events, 'client.event', 'c').filter((e) => e.type !== 'None')).toEqual([]);
  });
});
