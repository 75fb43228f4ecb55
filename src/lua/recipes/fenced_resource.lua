-- fenced_resource: writes to a resource protected by a lock, carrying the lock's fencing token
-- (the czxid of the holder's lock node: every later holder has a greater one). docs/recipes.md
--
--   local fenced = require("fenced_resource")
--   local l = lock.new("/lock", { id = "c1", fence = "/resource" })
--   l:acquire()
--   local r = fenced.new("/resource", l)
--   r:write("v1")      -- true, or nil, "Fenced" / an error
--
-- Why: a holder can be paused (GC, swap, a VM migration) longer than its session timeout. Its
-- ephemeral node goes, the next contender takes the lock, and when the first one runs again it
-- does not know yet: its next write happens before it can see the Disconnected/Expired events.
-- No check on the client side closes that window. The resource has to refuse the write:
-- it remembers the highest token it has accepted and refuses any lower one.
--
-- Two stores:
--   "external" (default): a storage service outside ZooKeeper (a database, a file server). The
--     simulation has no such process, so a write is the mark resource.write {token, value} and
--     the checker's resource-exclusive invariant plays the store: it refuses a write whose token
--     is below the highest one it accepted. ZooKeeper's own data needs no such store for this
--     case: a paused client's ZooKeeper writes fail, because its session is gone.
--   "znode": the resource is the znode itself, data = "<token> <value>": read it, refuse if the
--     stored token is higher, else write at the version read (BadVersion: read again). This is
--     the fence to use when writes can reach ZooKeeper through another session than the lock's
--     (a worker acting for the holder, a client library that opens a new session by itself).
--     Marks resource.write {token, value, version} on success, resource.refused otherwise.
-- opts.fenced = false sends no token (the broken lock_unfenced uses that).
local util = require("recipe_util")

local M = {}
local Res = {}
Res.__index = Res

function M.new(path, lock, opts)
  opts = opts or {}
  return setmetatable({
    path = path,
    lock = lock,
    store = opts.store or "external",
    fenced = opts.fenced ~= false,
  }, Res)
end

function Res:_znode_write(token, value)
  while true do
    local data, stat = util.retry(zk.get, self.path)
    if type(stat) ~= "table" then
      if stat ~= "NoNode" then return nil, stat end
      local p, err = util.retry(zk.create, self.path, token .. " " .. value)
      if p then
        zk.mark("resource.write", { resource = self.path, token = token, value = value, version = 0 })
        return true
      end
      if err ~= "NodeExists" then return nil, err end
    else
      local stored = tonumber(string.match(data or "", "^(%d+)")) or 0
      if stored > token then
        zk.mark("resource.refused", { resource = self.path, token = token, highest = stored, value = value })
        return nil, "Fenced"
      end
      local st, err = zk.set(self.path, token .. " " .. value, stat.version)
      if st then
        zk.mark("resource.write", { resource = self.path, token = token, value = value, version = st.version })
        return true
      end
      if err ~= "BadVersion" and err ~= "ConnectionLoss" then return nil, err end
    end
  end
end

function Res:write(value)
  local token = self.lock and self.lock.token
  if self.store == "znode" then return self:_znode_write(token or 0, value) end
  zk.mark("resource.write", {
    resource = self.path,
    token = self.fenced and token or nil,
    value = value,
    lock = self.lock and self.lock.path,
  })
  return true
end

return M
