-- semaphore: at most `max` holders at once (kazoo Semaphore, Curator InterProcessSemaphoreV2).
-- docs/recipes.md
--
--   local semaphore = require("semaphore")
--   local s = semaphore.new("/sem", { id = "c1", max = 2 })
--   if s:acquire() then s:hold(1000); s:release() end
--
-- Tree: /sem (data = max leases, as a decimal string) with one ephemeral lease /sem/<uuid>
-- (data = the identifier) per holder. A contender first takes the lock /sem-__lock__ (the lock
-- recipe), so only one contender at a time counts the leases; it watches /sem's children while
-- the semaphore is full, creates its lease when there is room, and then releases the lock.
-- Marks: semaphore.acquired {max}, semaphore.suspended, semaphore.resumed, semaphore.released,
-- semaphore.lost, semaphore.failed; all with {semaphore = path, node = the lease}.
local util = require("recipe_util")
local lock = require("lock")

local M = {}
local Sem = {}
Sem.__index = Sem

function M.new(path, opts)
  opts = opts or {}
  return setmetatable({
    path = path,
    id = opts.id or "",
    max = opts.max or 1,
    node = nil,
    checked = false,
    lock = nil,
    held = false,
    suspended = false,
  }, Sem)
end

function Sem:_mark(what, fields)
  fields.semaphore = self.path
  fields.node = self.node
  zk.mark("semaphore." .. what, fields)
end

function Sem:_lost(reason)
  self:_mark(self.held and "lost" or "failed", { reason = reason })
  self.held = false
  self.suspended = false
  return nil, reason
end

-- /sem holds the number of leases; every contender must agree on it.
function Sem:_check_max()
  local ok, err = util.ensure_path(self.path)
  if not ok then return nil, err end
  local data, stat = util.retry(zk.get, self.path)
  if type(stat) ~= "table" then return nil, stat end
  if data == nil or data == "" then
    local st, err2 = util.retry(zk.set, self.path, tostring(self.max), stat and stat.version or -1)
    if st or err2 == "BadVersion" then return self:_check_max() end
    return nil, err2
  end
  if tonumber(data) ~= self.max then
    return nil, "max leases mismatch: " .. data .. " vs " .. self.max
  end
  return true
end

-- The path and the max leases are checked once per semaphore, as kazoo's Semaphore does
-- (assured_path); its lock is one object for every acquire.
function Sem:acquire()
  if self.held then return true end
  if not self.checked then
    local ok, err = self:_check_max()
    if not ok then return self:_lost(err) end
    self.checked = true
    self.lock = lock.new(self.path .. "-__lock__", { id = self.id })
  end
  local l = self.lock
  local ok, err = l:acquire()
  if not ok then return self:_lost(err) end
  local lease = self.path .. "/" .. util.uuid()
  while true do
    local names, err2 = zk.children(self.path, true)
    if not names then
      if err2 ~= "ConnectionLoss" then
        l:release()
        return self:_lost(err2)
      end
    elseif #names < self.max then
      local p, err3 = zk.create(lease, self.id, { ephemeral = true })
      if p or err3 == "NodeExists" then break end -- NodeExists: our create got through before a ConnectionLoss
      if err3 ~= "ConnectionLoss" then
        l:release()
        return self:_lost(err3)
      end
    else
      -- we hold the lock while we wait: follow the session for it too
      if util.wait_holding(l, self.path) == "lost" then
        l:release()
        return self:_lost("lock lost")
      end
    end
  end
  self.node = lease
  self.held = true
  self.suspended = false
  self.session = zk.session_id()
  self:_mark("acquired", { max = self.max, session = self.session })
  l:release()
  return true
end

function Sem:hold(ms)
  return util.hold(self, ms)
end

function Sem:release()
  util.end_hold(self)
  if self.node then util.retry(zk.delete, self.node) end
  self.node = nil
  return true
end

-- The identifiers of the current holders (kazoo Semaphore.lease_holders).
function M.holders(path)
  local names = util.retry(zk.children, path) or {}
  table.sort(names)
  return util.data_of(path, names)
end

return M
