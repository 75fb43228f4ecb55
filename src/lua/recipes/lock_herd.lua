-- lock_herd: BROKEN ON PURPOSE (docs/recipes.md). The lock with the herd effect: every waiter
-- watches the lock's *parent* (children watch) instead of its predecessor, so each release or
-- new contender wakes every waiter; all but one find they still wait and go back to sleep. It
-- is still a correct lock (one holder, same order), only N wake-ups per release instead of one:
-- count the lock.wakeup marks. The checker's lock-herd invariant reports each change that woke
-- more than one waiter.
local lock = require("lock")

local M = {}

function M.new(path, opts)
  opts = opts or {}
  opts.herd = true
  return lock.new(path, opts)
end

M.contenders = lock.contenders

return M
