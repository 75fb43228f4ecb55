-- queue: a FIFO queue (ZooKeeper recipes "Queues", Curator SimpleDistributedQueue).
-- docs/recipes.md
--
--   local queue = require("queue")
--   local q = queue.new("/queue")
--   q:put("job-1")
--   local data = q:take()     -- blocks until an item is there; q:get() returns nil when empty
--
-- Tree: /queue/qn-NNNNNNNNNN, persistent sequential (items outlive their producer), data = the
-- item. A consumer lists the children with a watch, takes the lowest sequence number by deleting
-- it, and moves on to the next one when another consumer deleted it first (NoNode). When the
-- queue is empty it waits for NodeChildrenChanged on /queue.
-- Marks: queue.put {node, data}, queue.took {node, data}; all with {queue = path}.
-- A put or a delete that ends in ConnectionLoss has an unknown outcome: a put is retried (the
-- item may then be there twice) and a take whose delete is ambiguous returns the item anyway,
-- marked {uncertain = true} (at least once, never silently lost).
local util = require("recipe_util")

local M = {}
local Queue = {}
Queue.__index = Queue

-- opts.name(data, opts) -> node name prefix; opts.order(names) sorts the children.
function M.new(path, opts)
  opts = opts or {}
  return setmetatable({
    path = path,
    prefix = opts.prefix or function() return "qn-" end,
    order = opts.order or util.sort_by_seq,
  }, Queue)
end

-- The queue's node is made only when the create says it is missing (NoNode): a put is one
-- request, as kazoo's Queue.put and Curator's SimpleDistributedQueue.offer make it once the path
-- is there.
function Queue:put(data, priority)
  local name = self.path .. "/" .. self.prefix(priority)
  local p, err = util.retry(zk.create, name, data, { sequential = true })
  if not p and err == "NoNode" then
    local ok, err2 = util.ensure_path(self.path)
    if not ok then return nil, err2 end
    p, err = util.retry(zk.create, name, data, { sequential = true })
  end
  if not p then return nil, err end
  zk.mark("queue.put", { queue = self.path, node = p, data = data, priority = priority })
  return p
end

-- Take the first item, or return nil (no error) when the queue is empty. With `watch`, the
-- children watch for an empty queue is set by the same call.
function Queue:_take_one(watch)
  local names, err = util.retry(zk.children, self.path, watch or nil)
  if not names then
    if err == "NoNode" then
      util.ensure_path(self.path)
      return nil
    end
    return nil, err
  end
  self.order(names)
  for _, n in ipairs(names) do
    local node = self.path .. "/" .. n
    local data, stat = util.retry(zk.get, node)
    if type(stat) == "table" then
      local ok, err2 = zk.delete(node, -1)
      local uncertain = false
      if not ok and err2 == "ConnectionLoss" then
        ok, err2 = util.retry(zk.delete, node, -1)
        uncertain = true
      end
      if ok or (uncertain and err2 == "NoNode") then
        zk.mark("queue.took", { queue = self.path, node = node, data = data, uncertain = uncertain or nil })
        return data
      end
      if err2 ~= "NoNode" then return nil, err2 end
    elseif stat ~= "NoNode" then
      return nil, stat
    end
    -- NoNode: another consumer took it first
  end
  return nil
end

function Queue:get()
  return self:_take_one(false)
end

-- Block until there is an item (or `timeout_ms` ran out: nil, "timeout").
function Queue:take(timeout_ms)
  local deadline = timeout_ms and zk.now() + timeout_ms or nil
  while true do
    local data, err = self:_take_one(true)
    if data ~= nil then return data end
    if err then return nil, err end
    local ev = util.wait_for(self.path, deadline and math.max(0, deadline - zk.now()) or nil)
    if ev == "Expired" or ev == "Closed" or ev == "timeout" then return nil, ev end
  end
end

return M
