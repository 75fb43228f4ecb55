-- election: leader election (ZooKeeper recipes "Leader Election", kazoo Election, Curator
-- LeaderLatch). docs/recipes.md
--
--   local election = require("election")
--   local e = election.new("/election", { id = "c1" })
--   if e:run() then          -- blocks until this client leads (nil, err: the session is gone)
--     e:lead(2000)           -- leader work for 2 s while following the session (false: lost)
--     e:resign()
--   end
--   election.contenders("/election")   -- identifiers, leader first
--
-- Tree: exactly a lock (kazoo's Election is a Lock): /election/<uuid>__lock__NNNNNNNNNN,
-- ephemeral sequential, data = the identifier. The lowest node leads; every other candidate
-- watches only the node before its own, so a leader's end wakes exactly its successor.
-- Marks: election.queued, election.waiting, election.wakeup, election.leader {czxid},
-- election.suspended, election.resumed, election.resigned, election.lost, election.failed.
local lock = require("lock")

local M = {}

local NAMES = { acquired = "leader", released = "resigned" }

function M.new(path, opts)
  opts = opts or {}
  local l = lock.new(path, { id = opts.id, kind = "election" })
  local mark = l._mark
  -- the lock's marks, renamed: acquired -> leader, released -> resigned
  function l:_mark(what, fields)
    return mark(self, NAMES[what] or what, fields)
  end
  l.run = l.acquire
  l.lead = l.hold
  l.resign = l.release
  l.is_leader = l.is_held
  return l
end

function M.contenders(path)
  local c = lock.contenders(path)
  zk.mark("election.contenders", { election = path, contenders = c })
  return c
end

return M
