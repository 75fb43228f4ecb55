-- group: group membership (Curator GroupMember, ZooKeeper "group membership" example).
-- docs/recipes.md
--
--   local group = require("group")
--   local g = group.new("/group", "c1")
--   g:join("payload")                  -- an ephemeral member node
--   g:watch(function(members) ... end, 5000)   -- called with every new view for 5 s
--   g:leave()
--
-- Tree: /group/<member id>, ephemeral, data = the member's payload. A member that crashes
-- leaves when its session expires. A watcher lists the children with a watch and lists them
-- again after every NodeChildrenChanged (one-shot watches: re-armed by the same call).
-- Marks: group.joined, group.left {member}, group.view {members}; all with {group = path}.
local util = require("recipe_util")

local M = {}
local Group = {}
Group.__index = Group

function M.new(path, member)
  return setmetatable({ path = path, member = member, node = path .. "/" .. member }, Group)
end

function Group:join(data)
  local ok, err = util.ensure_path(self.path)
  if not ok then return nil, err end
  while true do
    local p, err2 = zk.create(self.node, data or "", { ephemeral = true })
    if p or err2 == "NodeExists" then break end
    if err2 ~= "ConnectionLoss" then return nil, err2 end
  end
  zk.mark("group.joined", { group = self.path, member = self.member })
  return true
end

function Group:leave()
  zk.mark("group.left", { group = self.path, member = self.member })
  util.retry(zk.delete, self.node)
  return true
end

function M.members(path, watch)
  local names, err = util.retry(zk.children, path, watch or nil)
  if not names then return nil, err end
  table.sort(names)
  return names
end

-- Follow the membership for `ms`: fn(members) for the first view and every change.
function Group:watch(fn, ms)
  local ok, err0 = util.ensure_path(self.path)
  if not ok then return nil, err0 end
  local deadline = zk.now() + ms
  local last = nil
  while zk.now() < deadline do
    local members, err = M.members(self.path, true)
    if not members then return nil, err end
    local view = table.concat(members, ",")
    if view ~= last then
      last = view
      zk.mark("group.view", { group = self.path, members = members })
      if fn then fn(members) end
    end
    local ev = util.wait_for(self.path, deadline - zk.now())
    if ev == "Expired" or ev == "Closed" then return nil, ev end
    if ev == "timeout" then break end
  end
  return true
end

return M
