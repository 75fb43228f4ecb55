-- locking_queue: a queue whose items are taken, worked on, then consumed (kazoo's LockingQueue).
-- docs/recipes.md
--
--   local locking_queue = require("locking_queue")
--   local q = locking_queue.new("/jobs")
--   q:put("job-1")                  -- priority 100 by default; lower runs first
--   local data = q:get()            -- blocks; the item stays in the queue, locked by this client
--   -- ... work on it ...
--   q:consume()                     -- done: the item and its lock go in one multi
--   -- or q:release()               -- give it back for another consumer
--
-- Tree (as kazoo 2.8 makes it, observed): /jobs/entries/entry-PPP-NNNNNNNNNN persistent sequential
-- (PPP the priority, 3 digits), data = the item; /jobs/taken/<the same name> ephemeral, data = the
-- taker's id. An item whose taker dies is free again when its session ends (the lock is
-- ephemeral), so it is worked on at least once. get() lists entries and taken with watches, takes
-- the first free entry in name order (priority, then sequence) by creating its lock, and waits for
-- a NodeChildrenChanged on either list when there is none.
-- Marks: lqueue.put {node, data}, lqueue.took {node, data}, lqueue.consumed {node},
-- lqueue.released {node}; all with {queue = path}.
local util = require("recipe_util")

local M = {}
local LockingQueue = {}
LockingQueue.__index = LockingQueue

-- opts.id: the data of this client's locks (kazoo: a uuid per queue object).
function M.new(path, opts)
  opts = opts or {}
  return setmetatable({
    path = path,
    entries = path .. "/entries",
    taken = path .. "/taken",
    id = opts.id or util.uuid(),
    processing = nil,
  }, LockingQueue)
end

function LockingQueue:_ensure_paths()
  local ok, err = util.ensure_path(self.entries)
  if not ok then return nil, err end
  return util.ensure_path(self.taken)
end

-- Put `data` with a priority in 0..999 (default 100). Returns the entry's path.
function LockingQueue:put(data, priority)
  priority = priority or 100
  if math.type(priority) ~= "integer" or priority < 0 or priority > 999 then
    error("locking_queue: priority must be an integer in 0..999", 2)
  end
  local ok, err = self:_ensure_paths()
  if not ok then return nil, err end
  local name = string.format("%s/entry-%03d-", self.entries, priority)
  local p, err2 = util.retry(zk.create, name, data, { sequential = true })
  if not p then return nil, err2 end
  zk.mark("lqueue.put", { queue = self.path, node = p, data = data })
  return p
end

-- Lock entry `name` (kazoo's _take): its lock node first, then its data; nil when another
-- consumer holds it or consumed it meanwhile.
function LockingQueue:_take(name)
  local lock = self.taken .. "/" .. name
  local p, err = zk.create(lock, self.id, { ephemeral = true })
  if not p then
    if err == "NodeExists" then return nil end
    return nil, err
  end
  local data, stat = util.retry(zk.get, self.entries .. "/" .. name)
  if type(stat) ~= "table" then
    zk.delete(lock, -1)
    if stat == "NoNode" then return nil end
    return nil, stat
  end
  return { name = name, data = data }
end

-- The first free entry, locked by this client: its data. Blocks until there is one, or returns
-- nil, "timeout" after `timeout_ms`; the item already held is returned again until consumed or
-- released.
function LockingQueue:get(timeout_ms)
  if self.processing then return self.processing.data end
  local ok, err = self:_ensure_paths()
  if not ok then return nil, err end
  local deadline = timeout_ms and zk.now() + timeout_ms or nil
  while true do
    local names, e1 = util.retry(zk.children, self.entries, true)
    if not names then return nil, e1 end
    local taken, e2 = util.retry(zk.children, self.taken, true)
    if not taken then return nil, e2 end
    local locked = {}
    for _, n in ipairs(taken) do locked[n] = true end
    table.sort(names)
    for _, n in ipairs(names) do
      if not locked[n] then
        -- kazoo tries the first free entry only, then waits for the next change
        local item, e3 = self:_take(n)
        if e3 then return nil, e3 end
        if item then
          self.processing = item
          zk.mark("lqueue.took", { queue = self.path, node = self.entries .. "/" .. n, data = item.data })
          return item.data
        end
        break
      end
    end
    if not self:_wait(deadline) then return nil, "timeout" end
  end
end

-- Wait for a change of either list (or the session's end); false when the deadline passed.
function LockingQueue:_wait(deadline)
  while true do
    local left = deadline and math.max(0, deadline - zk.now()) or nil
    local ev = zk.wait_event(left)
    if ev == nil then return false end
    if ev.type == "None" and (ev.state == "Expired" or ev.state == "Closed") then return false end
    if ev.type == "NodeChildrenChanged" and (ev.path == self.entries or ev.path == self.taken) then return true end
  end
end

-- Whether this client still holds the lock of the item it took.
function LockingQueue:holds_lock()
  if not self.processing then return false end
  local data = util.retry(zk.get, self.taken .. "/" .. self.processing.name)
  return data == self.id
end

-- Done with the item: its entry and its lock are deleted in one multi. False when nothing is held.
function LockingQueue:consume()
  if not self.processing or not self:holds_lock() then return false end
  local name = self.processing.name
  local r, err = zk.multi({
    { op = "delete", path = self.entries .. "/" .. name },
    { op = "delete", path = self.taken .. "/" .. name },
  })
  if not r then return nil, err end
  self.processing = nil
  zk.mark("lqueue.consumed", { queue = self.path, node = self.entries .. "/" .. name })
  return true
end

-- Give the item back: its lock is deleted, the entry stays for another consumer.
function LockingQueue:release()
  if not self.processing or not self:holds_lock() then return false end
  local name = self.processing.name
  local ok, err = zk.delete(self.taken .. "/" .. name, -1)
  if not ok then return nil, err end
  self.processing = nil
  zk.mark("lqueue.released", { queue = self.path, node = self.entries .. "/" .. name })
  return true
end

return M
