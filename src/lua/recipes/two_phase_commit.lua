-- two_phase_commit: a coordinator and sites agree to commit or abort a transaction (ZooKeeper
-- recipes "Two-phased Commit"). docs/recipes.md
--
--   local tpc = require("two_phase_commit")
--   tpc.coordinate("/2pc", "tx1", { "s1", "s2", "s3" }, { timeout = 5000 })  --> "commit" | "abort"
--   tpc.participate("/2pc", "tx1", "s1", "commit")                          --> the outcome
--
-- Tree: /2pc/tx1 (created by the coordinator; its data becomes the outcome) and one child per
-- site /2pc/tx1/s1 whose data is that site's vote ("commit" | "abort"). The coordinator watches
-- every site node; it decides abort on the first abort vote or when the timeout runs out without
-- all votes, commit when every site voted commit, and writes the outcome into /2pc/tx1. Each
-- site votes once its node exists and then watches /2pc/tx1 for the outcome.
-- Marks: 2pc.begin {sites}, 2pc.vote {site, vote}, 2pc.decision {outcome}, 2pc.applied {site,
-- outcome}; all with {tx = the transaction's path}.
local util = require("recipe_util")

local M = {}

-- Wait for any watch event under `prefix` (or the session's end, or the deadline).
local function wait_under(prefix, deadline)
  while true do
    local left = deadline and math.max(0, deadline - zk.now()) or nil
    local ev = zk.wait_event(left)
    if ev == nil then return "timeout" end
    if ev.type == "None" then
      if ev.state == "Expired" or ev.state == "Closed" then return ev.state end
    elseif ev.path and string.sub(ev.path, 1, #prefix) == prefix then
      return ev.type
    end
  end
end

function M.coordinate(root, tx, sites, opts)
  opts = opts or {}
  local path = root .. "/" .. tx
  local ok, err = util.ensure_path(path)
  if not ok then return nil, err end
  for _, s in ipairs(sites) do
    local p, err2 = util.retry(zk.create, path .. "/" .. s, "")
    if not p and err2 ~= "NodeExists" then return nil, err2 end
  end
  zk.mark("2pc.begin", { tx = path, sites = sites })
  local deadline = zk.now() + (opts.timeout or 10000)
  local outcome
  while not outcome do
    local commits = 0
    for _, s in ipairs(sites) do
      local vote, stat = util.retry(zk.get, path .. "/" .. s, true)
      if type(stat) ~= "table" then return nil, stat end
      if vote == "abort" then outcome = "abort" end
      if vote == "commit" then commits = commits + 1 end
    end
    if not outcome and commits == #sites then outcome = "commit" end
    if not outcome then
      local ev = wait_under(path .. "/", deadline)
      if ev == "Expired" or ev == "Closed" then return nil, ev end
      if ev == "timeout" then outcome = "abort" end
    end
  end
  zk.mark("2pc.decision", { tx = path, outcome = outcome })
  local st, err3 = util.retry(zk.set, path, outcome, -1)
  if not st then return nil, err3 end
  return outcome
end

function M.participate(root, tx, site, vote)
  local path = root .. "/" .. tx
  local mine = path .. "/" .. site
  -- wait for the coordinator to create our node
  while true do
    local stat, err = util.retry(zk.exists, mine, true)
    if err then return nil, err end
    if stat then break end
    local ev = util.wait_for(mine)
    if ev == "Expired" or ev == "Closed" then return nil, ev end
  end
  -- the mark first: the coordinator may read the vote before we get the set's reply
  zk.mark("2pc.vote", { tx = path, site = site, vote = vote })
  local st, err = util.retry(zk.set, mine, vote, -1)
  if not st then return nil, err end
  while true do
    local data, stat = util.retry(zk.get, path, true)
    if type(stat) ~= "table" then return nil, stat end
    if data == "commit" or data == "abort" then
      zk.mark("2pc.applied", { tx = path, site = site, outcome = data })
      return data
    end
    local ev = util.wait_for(path)
    if ev == "Expired" or ev == "Closed" then return nil, ev end
  end
end

return M
