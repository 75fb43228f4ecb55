// Issue #12 item 4: the empty path, and paths ZooKeeper does not normalise ("/a/", ".", "..").
// Expected values are what a 3.8 server answered to raw requests from kazoo (which sends "" as a
// jute null string): reads of "" → MarshallingError with no zxid, create/delete "" → MarshallingError
// taking a zxid, set/set_acl "" → BadArguments taking a zxid, a multi with a "" op → MarshallingError
// as a whole, nothing applied, one zxid.
import { describe, expect, it } from 'vitest';
import { logsOf, runScript } from '../support/lua-run.ts';

// Each line: label, the call's two results, and how many zxids it used (sequential nodes around it).
const SCRIPT = `
zk.create("/a", "")
local function z() return zk.create("/z", "", { sequential = true }) end
local function try(label, f)
  local a = z()
  local r1, r2 = f()
  local b = z()
  print(label, tostring(r1 ~= nil and r1 ~= true and type(r1) or r1), tostring(r2), zk.exists(b).czxid - zk.exists(a).czxid - 1)
end
try("exists ''", function() return zk.exists("") end)
try("get ''", function() return zk.get("") end)
try("children ''", function() return zk.children("") end)
try("get_acl ''", function() return zk.get_acl("") end)
try("create ''", function() return zk.create("", "x") end)
try("delete ''", function() return zk.delete("") end)
try("set ''", function() return zk.set("", "x") end)
try("set_acl ''", function() return zk.set_acl("", "open") end)
try("sync ''", function() return zk.sync("") end)
try("multi ''", function() return zk.multi({ { op = "create", path = "/m1" }, { op = "create", path = "" } }) end)
try("create /a/", function() return zk.create("/a/", "x") end)
try("create /.", function() return zk.create("/.", "x") end)
try("create /a/..", function() return zk.create("/a/..", "x") end)
try("create /a/.b", function() return zk.create("/a/.b", "x") end)
try("exists /a/", function() return zk.exists("/a/") end)
try("exists /.", function() return zk.exists("/.") end)
try("exists /..", function() return zk.exists("/..") end)
try("get /a/", function() return zk.get("/a/") end)
try("get /.", function() return zk.get("/.") end)
try("get /a/..", function() return zk.get("/a/..") end)
try("children /a/", function() return zk.children("/a/") end)
try("set /a/", function() return zk.set("/a/", "x") end)
try("delete /a/", function() return zk.delete("/a/") end)
print(zk.exists("/m1"), zk.exists("/") ~= nil)
`;

// As observed on ZooKeeper 3.8 (label, first result, error, zxids used).
const EXPECTED = [
  "exists ''\tnil\tMarshallingError\t0",
  "get ''\tnil\tMarshallingError\t0",
  "children ''\tnil\tMarshallingError\t0",
  "get_acl ''\tnil\tMarshallingError\t0",
  "create ''\tnil\tMarshallingError\t1",
  "delete ''\tnil\tMarshallingError\t1",
  "set ''\tnil\tBadArguments\t1",
  "set_acl ''\tnil\tBadArguments\t1",
  "sync ''\ttrue\tnil\t0",
  "multi ''\tnil\tMarshallingError\t1",
  'create /a/\tnil\tBadArguments\t1',
  'create /.\tnil\tBadArguments\t1',
  'create /a/..\tnil\tBadArguments\t1',
  'create /a/.b\tstring\tnil\t1',
  'exists /a/\tnil\tnil\t0',
  'exists /.\tnil\tnil\t0',
  'exists /..\tnil\tnil\t0',
  'get /a/\tnil\tNoNode\t0',
  'get /.\tnil\tNoNode\t0',
  'get /a/..\tnil\tNoNode\t0',
  'children /a/\tnil\tNoNode\t0',
  'set /a/\tnil\tBadArguments\t1',
  'delete /a/\tnil\tNoNode\t1',
  'nil\ttrue',
];

describe('fidelity: the empty path and un-normalised paths (issue #12 item 4)', () => {
  it('standalone: "" is a null path; "/a/", "." and ".." are neither normalised nor valid', async () => {
    const { events } = await runScript(SCRIPT);
    expect(logsOf(events)).toEqual(EXPECTED);
  });

  it('3 servers, through a follower: the same answers and zxids', async () => {
    const { events } = await runScript(SCRIPT, { servers: { count: 3 } }, { connect: [1], start: 3000 });
    expect(logsOf(events)).toEqual(EXPECTED);
  });
});
