-- recipe_util: the small helpers every recipe shares (docs/recipes.md).
--
--   local util = require("recipe_util")
--   util.uuid()                      -- a deterministic "uuid" (math.random is seeded per client)
--   util.seq(name)                   -- the 10-digit sequence suffix of a sequential node, as an integer
--   util.sort_by_seq(names)          -- sorts a children list by that suffix (prefixes ignored)
--   util.ensure_path("/a/b")         -- creates every missing persistent node on the way
--   util.wait_for(path, timeout_ms)  -- waits for a watch event on `path` (set with watch = true)
--   util.retry(fn, ...)              -- repeats an idempotent call while it fails with ConnectionLoss
local M = {}

-- A "uuid" from math.random: each client VM (and each incarnation) gets its own seed, so the ids
-- differ between clients and are the same on every replay of the run.
function M.uuid()
  return string.format("%08x%08x", math.random(0, 0x7fffffff), math.random(0, 0x7fffffff))
end

function M.seq(name)
  return tonumber(string.sub(name, -10)) or -1
end

function M.sort_by_seq(names)
  table.sort(names, function(a, b)
    local sa, sb = M.seq(a), M.seq(b)
    if sa ~= sb then return sa < sb end
    return a < b
  end)
  return names
end

function M.basename(path)
  return string.match(path, "[^/]+$") or path
end

-- Session states that end everything this session owns (its ephemerals, its watches).
function M.is_gone(err)
  return err == "SessionExpired" or err == "SessionMoved" or err == "Closed"
end

-- Run an idempotent zk call again while the outcome is ConnectionLoss (the request is queued and
-- sent once the client has reconnected). Returns what the call returned last.
function M.retry(fn, ...)
  while true do
    local r = table.pack(fn(...))
    if r[1] ~= nil or r[2] ~= "ConnectionLoss" then return table.unpack(r, 1, r.n) end
  end
end

-- Create every missing node of `path` (persistent, empty). NodeExists is success.
function M.ensure_path(path)
  local at = ""
  for part in string.gmatch(path, "[^/]+") do
    at = at .. "/" .. part
    while true do
      local ok, err = zk.create(at, "")
      if ok or err == "NodeExists" then break end
      if err ~= "ConnectionLoss" then return nil, err end
    end
  end
  return true
end

-- Wait for the next watch event on `path` (the watch was set with `true`). Events on other paths
-- are dropped. Returns the event type ("NodeDeleted", ...), or "Expired"/"Closed" when the session
-- ended, or "timeout". A Disconnected/SyncConnected pair is not an event on `path`: the client
-- re-registers its watches when it reconnects, so waiting goes on.
function M.wait_for(path, timeout_ms)
  local deadline = timeout_ms and (zk.now() + timeout_ms) or nil
  while true do
    local left = deadline and math.max(0, deadline - zk.now()) or nil
    local ev = zk.wait_event(left)
    if ev == nil then return "timeout" end
    if ev.type == "None" then
      if ev.state == "Expired" or ev.state == "Closed" then return ev.state end
    elseif ev.path == path then
      return ev.type
    end
  end
end

-- Sleep for `ms` of virtual time but wake early if the session ends. Returns true when the whole
-- time passed with the session alive, false (and the state) when it expired or was closed.
function M.sleep_alive(ms)
  local deadline = zk.now() + ms
  while true do
    local left = deadline - zk.now()
    if left <= 0 then return true end
    local ev = zk.wait_event(left)
    if ev == nil then return true end
    if ev.type == "None" and (ev.state == "Expired" or ev.state == "Closed") then return false, ev.state end
  end
end

-- Follow the session for holder `h` (see hold below) on one session event; returns true while
-- `h` still holds (maybe suspended), false once the hold is lost.
local function follow(h, ev)
  if ev.state == "Disconnected" and not h.suspended then
    -- Queued before the holder looked, and over already: connected again with the session it
    -- acquired with, so its node is still there (Curator's listener saw SUSPENDED, then
    -- RECONNECTED, before the hold began). Nothing to suspend, nothing to check.
    if h.session ~= nil and zk.state() == "CONNECTED" and zk.session_id() == h.session then return h.held end
    h.suspended = true
    h:_mark("suspended", {})
  elseif ev.state == "SyncConnected" and h.suspended then
    local stat, err = M.retry(zk.exists, h.node)
    if stat then
      h.suspended = false
      h:_mark("resumed", {})
    else
      h:_lost(err or "NoNode")
    end
  elseif ev.state == "Expired" or ev.state == "Closed" then
    h:_lost(ev.state)
  end
  return h.held
end

-- wait_for(path) for a client that holds `h` while it waits (the semaphore's contender holds
-- its lock while it waits for a free lease): session events suspend, resume or end the hold.
-- Returns the event type, or "lost" once the hold is gone.
function M.wait_holding(h, path)
  while true do
    local ev = zk.wait_event()
    if ev.type == "None" then
      if not follow(h, ev) then return "lost" end
    elseif ev.path == path then
      return ev.type
    end
  end
end

-- What a holder (of a lock, a lease, a leadership) does while it works: wait `ms` of virtual time
-- and follow the session. `h` has fields `held`, `node`, `session` (the session id it acquired
-- with) and a method `h:_mark(what, fields)`.
--   Disconnected  -> "suspended": the holder cannot know whether it still holds; work stops
--   SyncConnected -> same session: its node is still there ("resumed") or it is gone ("lost")
--   Expired/Closed-> "lost": the ephemeral node is gone, someone else may hold it now
-- Returns true when `ms` passed while held and connected; false once the hold is lost. While
-- suspended it keeps waiting past `ms` for the reconnect: the work may not go on before it.
function M.hold(h, ms)
  local deadline = zk.now() + ms
  while h.held do
    local left = deadline - zk.now()
    if left <= 0 and not h.suspended then return true end
    local ev = zk.wait_event(not h.suspended and left or nil)
    if ev == nil then
      if not h.suspended then return true end
    elseif ev.type == "None" then
      follow(h, ev)
    end
  end
  return false
end

-- A holder (lock, semaphore lease) stops holding: marked "released", or "lost" when its session is
-- gone (the ephemeral node went with it). Its node is the caller's to delete.
function M.end_hold(holder)
  if holder.held then
    if zk.state() == "CLOSED" then
      holder:_mark("lost", { reason = "SessionExpired" })
    else
      holder:_mark("released", {})
    end
  end
  holder.held = false
  holder.suspended = false
end

-- The data of each child in `names` under `path`, in that order (a child gone meanwhile is skipped):
-- the identifiers of a lock's contenders or a semaphore's holders.
function M.data_of(path, names)
  local out = {}
  for _, n in ipairs(names) do
    local data = M.retry(zk.get, path .. "/" .. n)
    if data then out[#out + 1] = data end
  end
  return out
end

return M
