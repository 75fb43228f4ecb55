-- semaphore_unsafe: BROKEN ON PURPOSE (docs/recipes.md). The semaphore without its lock: count
-- the leases, and if there is room create one. Two contenders that count at the same time both
-- see room and both take a lease: more holders than `max`. The checker's semaphore-limit
-- invariant reports it. semaphore.lua takes the lock /sem-__lock__ around the count-and-create.
local util = require("recipe_util")
local semaphore = require("semaphore")

local M = {}

function M.new(path, opts)
  local s = semaphore.new(path, opts)
  function s:acquire()
    local ok, err = self:_check_max()
    if not ok then return self:_lost(err) end
    local lease = self.path .. "/" .. util.uuid()
    while true do
      local names, err2 = util.retry(zk.children, self.path, true)
      if not names then return self:_lost(err2) end
      if #names < self.max then
        -- the bug: between our count and this create, another contender can do the same
        local p, err3 = util.retry(zk.create, lease, self.id, { ephemeral = true })
        if not p and err3 ~= "NodeExists" then return self:_lost(err3) end
        break
      end
      local ev = util.wait_for(self.path)
      if ev == "Expired" or ev == "Closed" then return self:_lost(ev) end
    end
    self.node = lease
    self.held = true
    self.session = zk.session_id()
    self:_mark("acquired", { max = self.max, session = self.session })
    return true
  end
  return s
end

return M
