-- barrier: a single barrier node (ZooKeeper recipes "Barriers", kazoo Barrier, Curator
-- DistributedBarrier). docs/recipes.md
--
--   local barrier = require("barrier")
--   local b = barrier.new("/barrier")
--   b:create()        -- the coordinator raises the barrier
--   b:wait()          -- everyone else blocks while it exists (true: passed)
--   b:remove()        -- the coordinator lowers it: every waiter gets NodeDeleted and passes
--
-- Tree: one persistent node /barrier. A waiter sets an exists watch on it and passes when it is
-- absent; NodeDeleted wakes every waiter at once (here that is the point, not a herd).
-- Marks: barrier.set, barrier.removed (coordinator), barrier.waiting, barrier.passed (waiters);
-- all with {barrier = path}.
local util = require("recipe_util")

local M = {}
local Barrier = {}
Barrier.__index = Barrier

function M.new(path)
  return setmetatable({ path = path }, Barrier)
end

function Barrier:create()
  local parent = string.match(self.path, "^(.*)/[^/]+$")
  if parent and parent ~= "" then util.ensure_path(parent) end
  while true do
    local p, err = zk.create(self.path, "")
    if p or err == "NodeExists" then break end
    if err ~= "ConnectionLoss" then return nil, err end
  end
  zk.mark("barrier.set", { barrier = self.path })
  return true
end

-- The mark comes first: the waiters may learn of the delete before we get its reply.
function Barrier:remove()
  zk.mark("barrier.removed", { barrier = self.path })
  local ok, err = util.retry(zk.delete, self.path)
  if not ok and err ~= "NoNode" then return nil, err end
  return true
end

-- Block while the barrier exists. true once it is gone; nil, err if the session ended or the
-- timeout (ms, optional) ran out.
function Barrier:wait(timeout_ms)
  local marked = false
  local deadline = timeout_ms and zk.now() + timeout_ms or nil
  while true do
    local stat, err = zk.exists(self.path, true)
    if stat == nil and err == nil then
      zk.mark("barrier.passed", { barrier = self.path })
      return true
    end
    if err ~= nil and err ~= "ConnectionLoss" then return nil, err end
    if stat and not marked then
      zk.mark("barrier.waiting", { barrier = self.path })
      marked = true
    end
    if stat then
      local ev = util.wait_for(self.path, deadline and math.max(0, deadline - zk.now()) or nil)
      if ev == "Expired" or ev == "Closed" or ev == "timeout" then return nil, ev end
    end
  end
end

return M
