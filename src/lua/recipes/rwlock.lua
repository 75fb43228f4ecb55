-- rwlock: a shared read / exclusive write lock (ZooKeeper recipes "Shared Locks", kazoo
-- ReadLock/WriteLock, Curator InterProcessReadWriteLock). docs/recipes.md
--
--   local rwlock = require("rwlock")
--   local r = rwlock.read("/rw", { id = "c1" })    -- or rwlock.write(...)
--   r:acquire(); r:hold(1000); r:release()
--
-- Tree: /rw/<uuid>__rlock__NNNNNNNNNN (readers) and /rw/<uuid>__lock__NNNNNNNNNN (writers), all
-- ephemeral sequential in one sequence. A reader waits only for the nearest *writer* before it
-- (readers share); a writer waits for the node right before it, whatever its kind.
-- Marks: the lock marks (lock.acquired, lock.released, ...) with mode = "read" | "write".
local lock = require("lock")

local M = {}

local function is_writer(name)
  return string.find(name, "__lock__", 1, true) ~= nil
end

function M.read(path, opts)
  opts = opts or {}
  return lock.new(path, {
    id = opts.id, fence = opts.fence, mode = "read", prefix = "__rlock__", blocks = is_writer,
  })
end

function M.write(path, opts)
  opts = opts or {}
  return lock.new(path, { id = opts.id, fence = opts.fence, mode = "write", prefix = "__lock__" })
end

return M
