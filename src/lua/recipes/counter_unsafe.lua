-- counter_unsafe: BROKEN ON PURPOSE (docs/recipes.md). The counter recipe without its version
-- check: read the value, then write value + 1 with version -1 ("whatever the version is now").
-- Two clients that read the same value both write value + 1: one increment is lost. The
-- checker's counter-lost-update invariant reports it. Compare counter.lua: the only difference
-- is the version passed to zk.set.
local counter = require("counter")

local M = {}

function M.new(path)
  return counter.new(path, { versioned = false })
end

return M
