-- config: follow a configuration znode, two ways (docs/recipes.md).
--
--   local config = require("config")
--   config.publish("/config", "v2")                      -- the writer (creates or sets)
--   config.follow("/config", "oneshot", { until_value = "v5", timeout = 10000 })
--   config.follow("/config", "persistent", { ... })
--
-- "oneshot": get(path, watch) — a one-shot watch — and after each NodeDataChanged get again
-- with a new watch. Changes made between the event and the re-read are seen only as their end
-- state: a follower can skip versions, but it always ends on the latest value.
-- "persistent": zk.add_watch(path, "persistent") once (ZooKeeper 3.6+): one event per change,
-- no re-arming; the data is still read with a separate get, so values can still be skipped.
-- Marks: config.published {value, version}, config.event {mode, type}, config.seen {mode,
-- value, version}; all with {path = path}.
local util = require("recipe_util")

local M = {}

function M.publish(path, value)
  while true do
    local st, err = zk.set(path, value, -1)
    if st then
      zk.mark("config.published", { path = path, value = value, version = st.version })
      return st
    end
    if err == "NoNode" then
      local parent = string.match(path, "^(.*)/[^/]+$")
      if parent and parent ~= "" then util.ensure_path(parent) end
      local p, err2 = zk.create(path, value)
      if p then
        zk.mark("config.published", { path = path, value = value, version = 0 })
        return true
      end
      if err2 ~= "NodeExists" and err2 ~= "ConnectionLoss" then return nil, err2 end
    elseif err ~= "ConnectionLoss" then
      return nil, err
    end
  end
end

-- Follow `path` until its value is opts.until_value or opts.timeout ms pass; opts.work is the time
-- (ms) the application spends on each new value (reloading its configuration) before it reads
-- again. Returns the last value seen and the number of watch events received.
function M.follow(path, mode, opts)
  opts = opts or {}
  local deadline = zk.now() + (opts.timeout or 60000)
  local events = 0
  local last_version = -1
  local value
  local function read(watch)
    local data, stat = util.retry(zk.get, path, watch)
    if type(stat) == "table" then
      if stat.version ~= last_version then
        last_version = stat.version
        value = data
        zk.mark("config.seen", { path = path, mode = mode, value = data, version = stat.version })
        if opts.work then zk.sleep(opts.work) end
      end
      return true
    end
    if stat == "NoNode" then
      util.retry(zk.exists, path, watch) -- watch for its creation
      return true
    end
    return nil, stat
  end
  if mode == "persistent" then
    local ok, err = util.retry(zk.add_watch, path, "persistent")
    if not ok then return nil, err end
  end
  local ok, err = read(mode ~= "persistent")
  if not ok then return nil, err end
  while value ~= opts.until_value or opts.until_value == nil do
    local left = deadline - zk.now()
    if left <= 0 then break end
    local ev = util.wait_for(path, left)
    if ev == "timeout" then break end
    if ev == "Expired" or ev == "Closed" then return nil, ev end
    events = events + 1
    zk.mark("config.event", { path = path, mode = mode, type = ev })
    ok, err = read(mode ~= "persistent")
    if not ok then return nil, err end
  end
  -- events already queued (a change notifies before the reply of a later read on the same
  -- connection): count them too
  while true do
    local ev = util.wait_for(path, 0)
    if ev == "timeout" or ev == "Expired" or ev == "Closed" then break end
    events = events + 1
    zk.mark("config.event", { path = path, mode = mode, type = ev })
  end
  return value, events
end

return M
