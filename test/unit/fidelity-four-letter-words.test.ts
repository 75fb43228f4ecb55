// Issue #12 item 9: four-letter words from Lua (zk.four_letter), in the shape a 3.8 server gives
// them: srvr/stat (ServerStats), mntr (tab-separated, the leader's learner counts), ruok, conf,
// cons, dump, wchc, wchs; an unknown word closes the connection unanswered.
import { describe, expect, it } from 'vitest';
import { logsOf, simulateLua } from '../support/lua-run.ts';

const SCRIPT = `
zk.create("/e", "", { ephemeral = true })
zk.exists("/e", true)
local function lines(text)
  local t = {}
  for l in text:gmatch("[^\\n]+") do t[#t + 1] = l end
  return t
end
local function field(text, key, sep)
  for _, l in ipairs(lines(text)) do
    local k, v = l:match("^(.-)" .. sep .. "(.*)$")
    if k == key then return v end
  end
end
print(zk.four_letter(3, "ruok"))
local leader = zk.four_letter(3, "srvr")
print(field(leader, "Mode", ": "), field(leader, "Node count", ": "), field(leader, "Zxid", ": "))
print(field(zk.four_letter(1, "srvr"), "Mode", ": "))
local m = zk.four_letter(3, "mntr")
print(field(m, "zk_server_state", "\\t"), field(m, "zk_synced_followers", "\\t"), field(m, "zk_ephemerals_count", "\\t"), field(m, "zk_watch_count", "\\t"))
print((zk.four_letter(3, "stat"):match("Clients:\\n /10%.0%.1%.1:%d+%[1%]")) ~= nil)
print(zk.four_letter(3, "wchc") == zk.session_id() .. "\\n\\t/e\\n\\n")
print(zk.four_letter(3, "wchs"))
print(field(zk.four_letter(3, "conf"), "server.2", "="))
print(zk.four_letter(3, "dump"):match("Sessions with Ephemerals %(1%):\\n(0x%x+):\\n\\t/e") == zk.session_id())
print(zk.four_letter(3, "xxxx"))
`;

describe('fidelity: four-letter words (issue #12 item 9)', () => {
  it('answers srvr, mntr, stat, wchc, wchs, conf, dump and ruok as ZooKeeper shapes them', async () => {
    const { events } = await simulateLua({
      duration: 8000,
      servers: { count: 3 },
      clients: [{ name: 'c', script: SCRIPT, connect: [3], start: 3000 }],
    });
    expect(logsOf(events)).toEqual([
      'imok',
      'leader\t6\t0x100000002',
      'follower',
      'leader\t2\t1\t1',
      'true',
      'true',
      '1 connections watching 1 paths\nTotal watches:1\n',
      '10.0.0.2:2888:3888:participant;0.0.0.0:2181',
      'true',
      'nil\tConnectionLoss',
    ]);
  });

  it('a server that is not serving closes the connection unanswered (a known difference)', async () => {
    const { events } = await simulateLua({
      duration: 3000,
      servers: { count: 3 },
      clients: [
        {
          name: 'c',
          script: 'print(zk.four_letter(1, "srvr"))\nprint(zk.four_letter(1, "ruok"))',
          connect: [3],
          start: 2000,
        },
      ],
      faults: [
        { at: 1000, action: 'crash', target: 'zk2' },
        { at: 1000, action: 'crash', target: 'zk3' },
      ],
    });
    // ZooKeeper answers srvr with "This ZooKeeper instance is not currently serving requests" and
    // ruok with imok; here a server without a quorum accepts no connection (docs/server.md).
    expect(logsOf(events)).toEqual(['nil\tConnectionLoss', 'nil\tConnectionLoss']);
  });
});
