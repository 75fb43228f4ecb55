-- lock: an exclusive lock without the herd effect (ZooKeeper recipes "Locks", kazoo Lock,
-- Curator InterProcessMutex). docs/recipes.md
--
--   local lock = require("lock")
--   local l = lock.new("/lock", { id = "c1" })
--   if l:acquire() then          -- blocks until held; nil, err when the session is gone
--     l:hold(2000)               -- work 2 s while following the session (false: lost)
--     l:release()
--   end
--
-- Tree: /lock/<uuid>__lock__NNNNNNNNNN, ephemeral sequential, data = the identifier. The lowest
-- sequence number holds the lock; every other contender watches (exists) only the node right
-- before its own, so a release wakes exactly one waiter. The holder's token for fencing is the
-- czxid of its node (l.token, from the create's Stat): a later holder always has a greater one.
-- Requests per acquire, as Curator's InterProcessMutex makes them: create, getChildren, and a
-- watch on the predecessor while waiting; the parent only when it is missing.
--
-- Marks (lua.mark): lock.queued, lock.waiting {watch}, lock.wakeup {cause}, lock.acquired {czxid},
-- lock.suspended, lock.resumed, lock.released, lock.lost {reason}, lock.failed {reason}; all with
-- {lock = path, node = our node}. Options: id, kind (mark prefix, "lock"), prefix ("__lock__"),
-- blocks (function(name) -> does an earlier node `name` block us?), fence (the protected
-- resource's path, recorded in lock.acquired), herd (watch the parent: the broken lock_herd).
local util = require("recipe_util")

local M = {}
local Lock = {}
Lock.__index = Lock

function M.new(path, opts)
  opts = opts or {}
  return setmetatable({
    path = path,
    id = opts.id or "",
    kind = opts.kind or "lock",
    prefix = opts.prefix or "__lock__",
    mode = opts.mode,
    fence = opts.fence,
    herd = opts.herd or false,
    blocks = opts.blocks or function() return true end,
    ephemeral = opts.ephemeral ~= false,
    node = nil,
    name = nil,
    token = nil,
    held = false,
    suspended = false,
  }, Lock)
end

function Lock:_mark(what, fields)
  fields.lock = self.path
  fields.node = self.node
  fields.mode = self.mode
  zk.mark(self.kind .. "." .. what, fields)
end

function Lock:_lost(reason)
  if self.held then
    self:_mark("lost", { reason = reason })
  else
    self:_mark("failed", { reason = reason })
  end
  self.held = false
  self.suspended = false
  return nil, reason
end

-- Create our node, and its Stat when the create's reply brought it (create2): the fencing token
-- without another round trip. The parent is made only when the create says it is missing (NoNode),
-- as Curator's creatingParentContainersIfNeeded does, so an acquire costs no request for it.
-- On ConnectionLoss the create may or may not have happened: look for a child with our unique
-- prefix before trying again (Curator's "protected" mode), or we would leave an orphan node ahead
-- of ourselves in the queue and wait on it forever. An adopted node comes without its Stat.
local function create_node(self)
  local prefix = util.uuid() .. self.prefix
  while true do
    local p, stat = zk.create2(self.path .. "/" .. prefix, self.id,
      { ephemeral = self.ephemeral, sequential = true })
    if p then return p, stat end
    local err = stat
    if err == "ConnectionLoss" then
      local names, err2 = util.retry(zk.children, self.path)
      if names then
        for _, n in ipairs(names) do
          if string.sub(n, 1, #prefix) == prefix then return self.path .. "/" .. n end
        end
      elseif err2 ~= "NoNode" then
        return nil, err2
      end
    elseif err == "NoNode" then
      local ok, err2 = util.ensure_path(self.path)
      if not ok then return nil, err2 end
    else
      return nil, err
    end
  end
end

-- One look at the queue: "held", "again", or nil, err.
function Lock:_step()
  local names, err = zk.children(self.path, self.herd or nil)
  if not names then
    if err == "ConnectionLoss" then return "again" end
    return nil, err
  end
  util.sort_by_seq(names)
  local me
  for i, n in ipairs(names) do
    if n == self.name then me = i end
  end
  if not me then return nil, "NoNode" end -- our node is gone: the session expired
  local pred
  for i = me - 1, 1, -1 do
    if self.blocks(names[i]) then
      pred = names[i]
      break
    end
  end
  if not pred then
    if not self.token then -- an adopted node: its czxid needs a read
      local stat, err2 = util.retry(zk.exists, self.node)
      if not stat then return nil, err2 or "NoNode" end
      self.token = stat.czxid
    end
    return "held"
  end
  if self.herd then
    -- broken on purpose (lock_herd): wait for any change of the children, as every waiter does
    self:_mark("waiting", { watch = self.path })
    local ev = util.wait_for(self.path)
    if ev == "Expired" or ev == "Closed" then return nil, ev end
    self:_mark("wakeup", { cause = self.path, type = ev })
    return "again"
  end
  local watch = self.path .. "/" .. pred
  local stat, err2 = zk.exists(watch, true)
  if stat then
    self:_mark("waiting", { watch = watch })
    local ev = util.wait_for(watch)
    if ev == "Expired" or ev == "Closed" then return nil, ev end
    self:_mark("wakeup", { cause = watch, type = ev })
  elseif err2 ~= nil and err2 ~= "ConnectionLoss" then
    return nil, err2
  end
  return "again" -- predecessor gone (or unknown): look again
end

-- Block until the lock is held. Returns true, or nil, err when the session ended.
function Lock:acquire()
  if self.held then return true end
  local node, stat = create_node(self)
  if not node then return self:_lost(stat) end
  self.node = node
  self.token = stat and stat.czxid or nil
  self.name = util.basename(node)
  self:_mark("queued", {})
  while true do
    local r, err = self:_step()
    if r == "held" then break end
    if not r then
      self.node = nil
      return self:_lost(err)
    end
  end
  self.held = true
  self.suspended = false
  self.session = zk.session_id()
  self:_mark("acquired", { czxid = self.token, fence = self.fence, session = self.session })
  return true
end

-- Work for `ms` of virtual time as the holder (see recipe_util.hold). false: the lock is lost.
function Lock:hold(ms)
  return util.hold(self, ms)
end

function Lock:is_held()
  return self.held and not self.suspended
end

-- Stop using the resource, then delete the node (the mark comes first: the next holder may learn
-- of the delete before we get its reply).
function Lock:release()
  util.end_hold(self)
  if self.node then
    local ok, err = util.retry(zk.delete, self.node)
    if not ok and err ~= "NoNode" and not util.is_gone(err) then return nil, err end
  end
  self.node = nil
  return true
end

-- The identifiers (node data) of everyone in the queue, holder first (kazoo Lock.contenders).
function M.contenders(path)
  local names = util.retry(zk.children, path) or {}
  util.sort_by_seq(names)
  return util.data_of(path, names)
end

return M
