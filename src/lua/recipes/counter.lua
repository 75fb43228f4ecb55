-- counter: a shared counter changed by versioned compare-and-set (kazoo Counter, Curator
-- DistributedAtomicInteger). docs/recipes.md
--
--   local counter = require("counter")
--   local c = counter.new("/counter")
--   c:add(1)        --> the new value
--   c:value()       --> the current value
--
-- Tree: one persistent node /counter whose data is the value as a decimal string. An increment
-- reads (value, version) and writes value + delta *at that version*; BadVersion means someone
-- else changed it in between: read again and retry. No update is ever lost.
-- Marks: counter.set {value, version, delta, prev}, counter.retry {version}, counter.unknown
-- {delta} (a set that ended in ConnectionLoss: it may have been applied; we retry, so the
-- counter can count it twice, never zero times); all with {counter = path}.
local util = require("recipe_util")

local M = {}
local Counter = {}
Counter.__index = Counter

function M.new(path, opts)
  opts = opts or {}
  return setmetatable({ path = path, versioned = opts.versioned ~= false, kind = opts.kind or "counter" }, Counter)
end

function Counter:value()
  local data, stat = util.retry(zk.get, self.path)
  if type(stat) ~= "table" then return 0 end
  return tonumber(data) or 0
end

function Counter:add(delta)
  delta = delta or 1
  while true do
    local data, stat = util.retry(zk.get, self.path)
    if type(stat) ~= "table" then
      if stat ~= "NoNode" then return nil, stat end
      local parent = string.match(self.path, "^(.*)/[^/]+$")
      if parent and parent ~= "" then util.ensure_path(parent) end
      local p, err = util.retry(zk.create, self.path, "0")
      if not p and err ~= "NodeExists" then return nil, err end
    else
      local prev = tonumber(data) or 0
      local value = prev + delta
      -- the whole recipe is this version argument; counter_unsafe passes -1 ("any version")
      local st, err = zk.set(self.path, tostring(value), self.versioned and stat.version or -1)
      if st then
        zk.mark(self.kind .. ".set", { counter = self.path, value = value, version = st.version, delta = delta, prev = prev })
        return value
      elseif err == "BadVersion" then
        zk.mark(self.kind .. ".retry", { counter = self.path, version = stat.version })
      elseif err == "ConnectionLoss" then
        zk.mark(self.kind .. ".unknown", { counter = self.path, delta = delta })
      else
        return nil, err
      end
    end
  end
end

return M
