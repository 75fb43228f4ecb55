// The `zookeeper` Lua module (src/lua/modules/zookeeper.lua, docs/recipes.md "The zookeeper
// module"): a script written the way tutorials write Lua against ZooKeeper runs unchanged, every
// call returns `value, stat, err`, the connect string is parsed as ConnectStringParser does (a
// chroot is honoured), and mistakes say what to write instead.
import { describe, expect, it } from 'vitest';
import { nodeRecipeModules } from '../../src/lua/recipes/load-node.ts';
import { finished, logsOf, luaErrors, simulateLua } from '../support/lua-run.ts';

function run(script: string, doc: Record<string, unknown> = {}) {
  return simulateLua({ duration: 5000, ...doc, clients: [{ name: 'c', script }] }, nodeRecipeModules());
}

describe('the zookeeper module', () => {
  it('runs a tutorial-style script: connect, create an ephemeral /lock, list, delete, close', async () => {
    const r = await run(`
      local zoo = require "zookeeper"
      local z = zoo.new_zoo()
      print(z:connect("127.0.0.1:2181"))
      local path, stat, err = z:create("/lock", "lock", zoo.flag.ephemeral)
      print(path, stat.ephemeralOwner == zk.session_id(), err)
      print(z:create("/lock", "lock", zoo.flag.ephemeral))
      local children = z:get_children("/")
      table.sort(children)
      print(table.concat(children, ","))
      local value, stat2 = z:get("/lock")
      print(value, stat2.version)
      print(z:exists("/lock"), (z:exists("/nope")))
      print(z:delete("/lock", -1))
      print(z:get("/lock"))
      print(z:close(), zk.state())
    `);
    expect(luaErrors(r.events)).toEqual([]);
    expect(logsOf(r.events)).toEqual([
      'true',
      '/lock\ttrue\tnil',
      'nil\tnil\tNodeExists',
      'lock,zookeeper',
      'lock\t0',
      'true\tfalse',
      'true',
      'nil\tnil\tNoNode',
      'true\tCLOSED',
    ]);
    expect(finished(r.events)).toBe(true);
  });

  it('flags add up as in the C client: ephemeral + sequence is an ephemeral sequential node', async () => {
    const r = await run(`
      local zoo = require "zookeeper"
      local z = zoo.new_zoo()
      z:connect("127.0.0.1:2181")
      local p, stat = z:create("/job-", "x", zoo.flag.ephemeral + zoo.flag.sequence)
      print(p, stat.ephemeralOwner ~= "0x0", zoo.ZOO_EPHEMERAL_SEQUENTIAL)
      print(z:set("/job-0000000000", "y", 0))
      print(z:set("/job-0000000000", "z", 0))
    `);
    const logs = logsOf(r.events);
    expect(logs[0]).toBe('/job-0000000000\ttrue\t3');
    expect(logs[1]).toMatch(/^true\ttable: /);
    expect(logs[2]).toBe('nil\tnil\tBadVersion');
  });

  it('a chroot in the connect string: paths are relative to it, in results and watch events', async () => {
    const r = await run(`
      local zoo = require "zookeeper"
      zk.create("/app", "")
      local z = zoo.new_zoo()
      z:connect("10.0.0.1:2181,10.0.0.2:2181/app")
      print(z:create("/cfg", "v1"))
      print((zk.get("/app/cfg")))
      print(z:get("/cfg", function(ev) print("event", ev.type, ev.path) end))
      z:set("/cfg", "v2")
      zk.sleep(100)
      print(table.concat(z:get_children("/"), ","))
    `);
    expect(logsOf(r.events).map((l) => l.replace(/table: 0x[0-9a-f]+/, 'table'))).toEqual([
      '/cfg\ttable',
      'v1',
      'v1\ttable',
      'event\tNodeDataChanged\t/cfg',
      'cfg',
    ]);
  });

  it('connects only once the session is connected, whatever the addresses say', async () => {
    const r = await run(
      `
      local zoo = require "zookeeper"
      local z = zoo.new_zoo()
      print(zk.state())
      print(z:connect("zk1:2181,zk2:2181,zk3:2181"), zk.state(), table.concat(z.hosts, " "))
      local z2 = zoo.new_zoo()
      z2:connect("localhost")
      print(table.concat(z2.hosts, " "), z2.chroot == "")
    `,
      { servers: { count: 3 } },
    );
    expect(logsOf(r.events)).toEqual([
      'CONNECTING',
      'true\tCONNECTED\tzk1:2181 zk2:2181 zk3:2181',
      'localhost:2181\ttrue',
    ]);
  });

  it('mistakes say what to write instead', async () => {
    const r = await run(`
      local zoo = require "zookeeper"
      local z = zoo.new_zoo()
      print(pcall(z.get, z, "/x"))
      print(pcall(z.connect, z, "127.0.0.1:abc"))
      print(pcall(z.connect, z, ""))
      z:connect("127.0.0.1:2181")
      print(pcall(z.get, "/x"))
      print(pcall(z.create, z, "/x", "", 9))
      print(pcall(require, "zklua"))
    `);
    const logs = logsOf(r.events);
    expect(logs[0]).toBe('false\tz:get: call z:connect("127.0.0.1:2181") first');
    expect(logs[1]).toBe("false\tbad address '127.0.0.1:abc' in connect string '127.0.0.1:abc' (host:port)");
    expect(logs[2]).toBe("false\tconnect string '' names no server");
    expect(logs[3]).toBe('false\tcall z:get(...) with a colon, not z.get(...)');
    expect(logs[4]).toBe('false\tz:create: flags must be a sum of zoo.flag values, got 9');
    expect(logs[5]).toMatch(
      /^false\tmodule 'zklua' not found \(available modules: .*zookeeper\); the ZooKeeper client is the global zk/,
    );
  });
});
