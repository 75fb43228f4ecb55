-- lock_unfenced: BROKEN ON PURPOSE (docs/recipes.md). A lock holder that trusts its lock
-- blindly: while it "holds" it just sleeps between writes (no look at the session's
-- Disconnected/Expired events) and writes to the protected resource without a fencing token.
-- Pause it longer than its session timeout: its ephemeral node is deleted, the next contender
-- takes the lock, and when it runs again it keeps writing as if it still held the lock. Two
-- holders at once (lock-exclusive), and its stale writes land after the new holder's
-- (resource-exclusive). lock.lua + fenced_resource.lua is the fix; even the fixed holder may
-- still try one stale write (it cannot see the expiry before it runs again), but the resource
-- refuses its old token.
local lock = require("lock")
local fenced = require("fenced_resource")

local M = {}

function M.new(path, opts)
  local l = lock.new(path, opts)
  function l:hold(ms)
    zk.sleep(ms) -- the bug: no look at the session while "holding"
    return true
  end
  function l:release()
    if self.held then self:_mark("released", {}) end -- never asks whether it still held it
    self.held = false
    if self.node then zk.delete(self.node) end
    self.node = nil
    return true
  end
  return l
end

function M.resource(path, l)
  return fenced.new(path, l, { fenced = false })
end

return M
