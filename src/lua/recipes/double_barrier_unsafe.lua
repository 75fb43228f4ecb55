-- double_barrier_unsafe: BROKEN ON PURPOSE (docs/recipes.md). The double barrier whose leave()
-- only deletes its own node and goes: whoever finishes first walks out while the others are
-- still working inside. The checker's barrier-early invariant reports a barrier.left while other
-- participants have not begun to leave. double_barrier.lua waits in leave() until every
-- participant node is gone.
local util = require("recipe_util")
local double_barrier = require("double_barrier")

local M = {}

function M.new(path, size, opts)
  local b = double_barrier.new(path, size, opts)
  function b:leave()
    self:_mark("leaving", {})
    util.retry(zk.delete, self.node) -- the bug: no waiting for the others
    self:_mark("left", {})
    return true
  end
  return b
end

return M
