-- zookeeper: ZooKeeper handles in the style of the Lua bindings the tutorials use, on top of zk.*
-- (docs/recipes.md, "The zookeeper module").
--
--   local zoo = require "zookeeper"
--   local z = zoo.new_zoo()                         -- a handle, not connected yet
--   z:connect("127.0.0.1:2181")                     -- waits until the session is connected
--   z:create("/lock", "lock", zoo.flag.ephemeral)   --> path, stat      (failure: nil, nil, err)
--   z:get("/lock")                                  --> value, stat
--   z:get_children("/")                             --> children, stat
--   z:delete("/lock", -1)                           --> true
--   z:close()                                       --> true
--
-- Every call returns `value, stat, err`: on failure the value and the stat are nil and `err` is
-- ZooKeeper's error code name ("NodeExists", "NoNode", "BadVersion", "ConnectionLoss", ...), so
-- `local v, stat, err = z:get(p); if err then ... end` reads like the tutorials.
--
-- The connect string is parsed as ZooKeeper's ConnectStringParser does ("host:port,host:port/chroot",
-- port 2181 by default) and stands for this client's servers in the scenario (its `connect` list):
-- a simulated run has no addresses, so "127.0.0.1:2181" and "zk1:2181,zk2:2181" both reach the
-- ensemble the scenario gives the client. A chroot suffix is honoured: paths are relative to it.
--
-- Flags (ZooKeeper's C client values): zoo.flag.persistent 0, ephemeral 1, sequence 2,
-- container 4; add them (ephemeral + sequence = 3). A watch argument is `true` (the event goes to
-- zk.wait_event) or a function called with the event table {type, path}.
local M = {}

M.flag = { persistent = 0, ephemeral = 1, sequence = 2, sequential = 2, container = 4 }
-- the C client's names too (zookeeper.h: ZOO_EPHEMERAL, ZOO_SEQUENCE, ZOO_CONTAINER)
M.ZOO_PERSISTENT, M.ZOO_EPHEMERAL, M.ZOO_SEQUENCE, M.ZOO_CONTAINER = 0, 1, 2, 4
M.ZOO_PERSISTENT_SEQUENTIAL, M.ZOO_EPHEMERAL_SEQUENTIAL = 2, 3

local Zoo = {}
Zoo.__index = Zoo

-- A handle. Nothing is sent until z:connect.
function M.new_zoo()
  return setmetatable({ connected = false, closed = false, hosts = nil, chroot = "" }, Zoo)
end

-- "a:1,b:2/app" -> { "a:1", "b:2" }, "/app" (ZooKeeper's ConnectStringParser: the chroot starts at
-- the first "/", "/" alone means none; an address without a port gets 2181).
function M.parse_connect_string(s)
  if type(s) ~= "string" then error("connect string must be a string, got " .. type(s), 3) end
  local list, chroot = s, ""
  local slash = string.find(s, "/", 1, true)
  if slash then
    list, chroot = string.sub(s, 1, slash - 1), string.sub(s, slash)
    if chroot == "/" then chroot = "" end
    if string.sub(chroot, -1) == "/" or string.find(chroot, "//", 1, true) then
      error("invalid chroot in connect string '" .. s .. "'", 3)
    end
  end
  local hosts = {}
  for entry in string.gmatch(list, "[^,]+") do
    local host, port = string.match(entry, "^%s*([^:%s]+)%s*$"), "2181"
    if not host then host, port = string.match(entry, "^%s*([^:%s]+):(%d+)%s*$") end
    local n = tonumber(port)
    if not host or not n or n < 1 or n > 65535 then
      error("bad address '" .. entry .. "' in connect string '" .. s .. "' (host:port)", 3)
    end
    hosts[#hosts + 1] = host .. ":" .. port
  end
  if #hosts == 0 then error("connect string '" .. s .. "' names no server", 3) end
  return hosts, chroot
end

local function check(self, what)
  if getmetatable(self) ~= Zoo then
    error("call z:" .. what .. "(...) with a colon, not z." .. what .. "(...)", 3)
  end
  if not self.connected and not self.closed then
    error("z:" .. what .. ": call z:connect(\"127.0.0.1:2181\") first", 3)
  end
end

-- The server's path for a path of the caller's (under the chroot), and back.
local function full(self, path)
  if type(path) ~= "string" or self.chroot == "" then return path end
  if path == "/" then return self.chroot end
  return self.chroot .. path
end

local function strip(self, path)
  if self.chroot == "" or type(path) ~= "string" then return path end
  if path == self.chroot then return "/" end
  return string.sub(path, #self.chroot + 1)
end

-- A watch argument as zk.* takes it; a function sees event paths relative to the chroot.
local function watcher(self, w)
  if type(w) ~= "function" or self.chroot == "" then return w end
  return function(ev)
    return w({ type = ev.type, path = strip(self, ev.path) })
  end
end

-- Waits for the session (the host opened it when the client started) to be connected, as
-- tutorials wait for ZOO_CONNECTED_STATE after zookeeper_init. `timeout_ms` is accepted for the
-- bindings' signature; the session timeout is the scenario's (the client's sessionTimeout).
function Zoo:connect(hosts, timeout_ms)
  if getmetatable(self) ~= Zoo then error("call z:connect(...) with a colon, not z.connect(...)", 2) end
  if timeout_ms ~= nil and type(timeout_ms) ~= "number" then
    error("z:connect: timeout must be a number of ms, got " .. type(timeout_ms), 2)
  end
  self.hosts, self.chroot = M.parse_connect_string(hosts)
  while zk.state() ~= "CONNECTED" do
    if zk.state() == "CLOSED" then
      self.closed = true
      return nil, nil, "SessionExpired"
    end
    zk.wait_event()
  end
  self.connected = true
  return true
end

-- create(path, value, flags, acl): the created path (relative to the chroot) and its Stat.
function Zoo:create(path, value, flags, acl)
  check(self, "create")
  flags = flags or 0
  if math.type(flags) ~= "integer" or flags < 0 or flags > 7 then
    error("z:create: flags must be a sum of zoo.flag values, got " .. tostring(flags), 2)
  end
  local opts = { acl = acl }
  if flags & 4 ~= 0 then
    opts.container = true
  else
    opts.ephemeral = flags & 1 ~= 0
    opts.sequential = flags & 2 ~= 0
  end
  local p, stat = zk.create2(full(self, path), value, opts)
  if not p then return nil, nil, stat end
  return strip(self, p), stat
end

function Zoo:get(path, watch)
  check(self, "get")
  local value, stat = zk.get(full(self, path), watcher(self, watch))
  if type(stat) ~= "table" then return nil, nil, stat end -- nil, err (a node's value may be nil)
  return value, stat
end

-- set(path, value, version): true and the new Stat; version -1 (the default) matches any.
function Zoo:set(path, value, version)
  check(self, "set")
  local stat, err = zk.set(full(self, path), value, version or -1)
  if not stat then return nil, nil, err end
  return true, stat
end

function Zoo:delete(path, version)
  check(self, "delete")
  local ok, err = zk.delete(full(self, path), version or -1)
  if not ok then return nil, nil, err end
  return true
end

-- exists(path, watch): true and the Stat, or false when there is no node.
function Zoo:exists(path, watch)
  check(self, "exists")
  local stat, err = zk.exists(full(self, path), watcher(self, watch))
  if err then return nil, nil, err end
  return stat ~= nil, stat
end

-- get_children(path, watch): the child names (in the server's order: sort them) and the Stat.
function Zoo:get_children(path, watch)
  check(self, "get_children")
  local names, stat = zk.children(full(self, path), watcher(self, watch))
  if not names then return nil, nil, stat end
  return names, stat
end

function Zoo:get_acl(path)
  check(self, "get_acl")
  local acl, stat = zk.get_acl(full(self, path))
  if not acl then return nil, nil, stat end
  return acl, stat
end

function Zoo:set_acl(path, acl, version)
  check(self, "set_acl")
  local stat, err = zk.set_acl(full(self, path), acl, version or -1)
  if not stat then return nil, nil, err end
  return true, stat
end

-- add_auth("digest", "user:password")
function Zoo:add_auth(scheme, credential)
  check(self, "add_auth")
  local ok, err = zk.add_auth(scheme, credential)
  if not ok then return nil, nil, err end
  return true
end

function Zoo:sync(path)
  check(self, "sync")
  local ok, err = zk.sync(full(self, path or "/"))
  if not ok then return nil, nil, err end
  return true
end

-- "CONNECTING", "CONNECTED" or "CLOSED", as zk.state().
function Zoo:state()
  return zk.state()
end

-- The session id as hex ("0x100000000000000").
function Zoo:client_id()
  return zk.session_id()
end

-- Ends the session: its ephemeral nodes go at once.
function Zoo:close()
  if getmetatable(self) ~= Zoo then error("call z:close() with a colon, not z.close()", 2) end
  self.connected, self.closed = false, true
  return zk.close()
end

return M
