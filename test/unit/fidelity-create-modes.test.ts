// Issue #12 item 9, raw create modes: the opcode (create, create2, createContainer, createTTL) and
// the CreateMode flag sent as given (zk.create's `opcode` and `flags` options), answered with
// ZooKeeper's checks: CreateMode.fromFlag, validateCreateRequest/validateTTL, and the txn the
// opcode makes (create2 + the container flag: a plain node, as observed on 3.8).
import { describe, expect, it } from 'vitest';
import { logsOf, simulateLua } from '../support/lua-run.ts';

const SCRIPT = `
local function z() return zk.create("/z", "", { sequential = true }) end
local function try(label, f)
  local a = z()
  local r1, r2 = f()
  local b = z()
  print(label, tostring(r1), tostring(r2), zk.exists(b).czxid - zk.exists(a).czxid - 1)
end
try("create2 flag 4", function() return zk.create("/c2", "", { opcode = "create2", flags = 4 }) end)
try("createContainer flag 6", function() return zk.create("/cc6", "", { opcode = "createContainer", flags = 6 }) end)
try("create2 flag 5", function() return zk.create("/t5", "", { opcode = "create2", flags = 5 }) end)
try("createTTL flag 1", function() return zk.create("/t1", "", { opcode = "createTTL", flags = 1, ttl = 1000 }) end)
try("createTTL flag 0", function() return zk.create("/t0", "", { opcode = "createTTL", flags = 0, ttl = 1000 }) end)
try("flag 7", function() return zk.create("/f7", "", { flags = 7 }) end)
try("createContainer flag 0", function() return zk.create("/cc0", "", { opcode = "createContainer", flags = 0 }) end)
try("create (opcode 1)", function() return zk.create2("/p1", "", { opcode = "create" }) end)
try("create2 flag 2", function() return zk.create("/s-", "", { opcode = "create2", flags = 2 }) end)
-- The containers get a child, then lose it: only the createContainer one is reaped.
for _, p in ipairs({ "/c2", "/cc0" }) do zk.create(p .. "/x", ""); zk.delete(p .. "/x") end
zk.sleep(2500)
print(zk.exists("/c2") ~= nil, zk.exists("/cc0") ~= nil)
`;

describe('fidelity: raw create modes (issue #12 item 9)', () => {
  it('answers raw opcodes and flags as ZooKeeper 3.8 does', async () => {
    const { events } = await simulateLua({
      servers: { extendedTypes: true },
      clients: [{ name: 'c', script: SCRIPT }],
    });
    expect(logsOf(events)).toEqual([
      'create2 flag 4\t/c2\tnil\t1',
      'createContainer flag 6\tnil\tBadArguments\t1',
      'create2 flag 5\tnil\tBadArguments\t1',
      'createTTL flag 1\tnil\tBadArguments\t1',
      'createTTL flag 0\tnil\tBadArguments\t1',
      'flag 7\tnil\tBadArguments\t1',
      'createContainer flag 0\t/cc0\tnil\t1',
      // OpCode.create answers with CreateResponse: no Stat for zk.create2 to return
      'create (opcode 1)\t/p1\tnil\t1',
      'create2 flag 2\t/s-0000000020\tnil\t1',
      'true\tfalse',
    ]);
  });
});
