-- lock_persistent: BROKEN ON PURPOSE (docs/recipes.md). The lock recipe on *persistent*
-- sequential nodes. While everyone releases properly it works, but when a holder's process dies
-- nothing deletes its node: no session expiry cleans it up, the lock is never free again, and
-- every waiter waits forever (a deadlock). The checker's lock-orphaned invariant reports a lock
-- node of a dead client that is still there long after its session expired, with waiters behind
-- it. The fix is the "ephemeral" in lock.lua.
local lock = require("lock")

local M = {}

function M.new(path, opts)
  opts = opts or {}
  opts.ephemeral = false
  return lock.new(path, opts)
end

return M
