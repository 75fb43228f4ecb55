-- double_barrier: enter together, leave together (ZooKeeper recipes "Double Barriers", kazoo
-- DoubleBarrier, Curator DistributedDoubleBarrier). docs/recipes.md
--
--   local double_barrier = require("double_barrier")
--   local b = double_barrier.new("/db", 3, { id = "c1" })
--   b:enter()   -- blocks until 3 participants are in
--   ...work...
--   b:leave()   -- blocks until every participant has left
--
-- Tree: /db/<uuid> (ephemeral, data = the identifier) per participant, and /db/ready. A
-- participant watches /db/ready (exists) before creating its node; the one that sees `size`
-- participants creates /db/ready and everyone gets NodeCreated. To leave, the lowest-named
-- participant waits for the highest to go; every other one deletes its node and waits for the
-- lowest to go. A participant whose process dies leaves when its session expires.
-- Marks: barrier.arrived {size}, barrier.entered {size}, barrier.leaving, barrier.left; all with
-- {barrier = path, node = our node}.
local util = require("recipe_util")

local M = {}
local DB = {}
DB.__index = DB

function M.new(path, size, opts)
  opts = opts or {}
  return setmetatable({ path = path, size = size, id = opts.id or "", node = nil, name = nil }, DB)
end

function DB:_mark(what, fields)
  fields.barrier = self.path
  fields.node = self.node
  zk.mark("barrier." .. what, fields)
end

local function participants(self)
  local names, err = util.retry(zk.children, self.path)
  if not names then return nil, err end
  local out = {}
  for _, n in ipairs(names) do
    if n ~= "ready" then out[#out + 1] = n end
  end
  table.sort(out)
  return out
end

function DB:enter()
  local ok, err = util.ensure_path(self.path)
  if not ok then return nil, err end
  local ready = self.path .. "/ready"
  self.name = util.uuid()
  self.node = self.path .. "/" .. self.name
  local stat
  stat, err = util.retry(zk.exists, ready, true)
  if err then return nil, err end
  -- the mark first: the others may count our node before we get the create's reply
  self:_mark("arrived", { size = self.size })
  while true do
    local p, err2 = zk.create(self.node, self.id, { ephemeral = true })
    if p or err2 == "NodeExists" then break end -- NodeExists: ours, created before a ConnectionLoss
    if err2 ~= "ConnectionLoss" then return nil, err2 end
  end
  while not stat do
    local list
    list, err = participants(self)
    if not list then return nil, err end
    if #list >= self.size then
      local p, err2 = util.retry(zk.create, ready, "")
      if not p and err2 ~= "NodeExists" then return nil, err2 end
      break
    end
    local ev = util.wait_for(ready)
    if ev == "Expired" or ev == "Closed" then return nil, ev end
    stat, err = util.retry(zk.exists, ready, true)
    if err then return nil, err end
  end
  self:_mark("entered", { size = self.size })
  return true
end

function DB:leave()
  self:_mark("leaving", {})
  while true do
    local list, err = participants(self)
    if not list then return nil, err end
    local mine = false
    for _, n in ipairs(list) do
      if n == self.name then mine = true end
    end
    if #list == 0 or (#list == 1 and mine) then break end
    local watch
    if list[1] == self.name then
      watch = self.path .. "/" .. list[#list] -- the lowest waits for the highest
    else
      if mine then
        local ok, err2 = util.retry(zk.delete, self.node)
        if not ok and err2 ~= "NoNode" then return nil, err2 end
      end
      watch = self.path .. "/" .. list[1] -- the others wait for the lowest
    end
    local stat, err2 = util.retry(zk.exists, watch, true)
    if err2 then return nil, err2 end
    if stat then
      local ev = util.wait_for(watch)
      if ev == "Expired" or ev == "Closed" then return nil, ev end
    end
  end
  util.retry(zk.delete, self.node)
  self:_mark("left", {})
  return true
end

return M
