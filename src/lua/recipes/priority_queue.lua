-- priority_queue: items with a priority, lowest first, FIFO within a priority (kazoo Queue,
-- ZooKeeper recipes "Priority Queues"). docs/recipes.md
--
--   local pq = require("priority_queue").new("/pq")
--   pq:put("urgent", 1); pq:put("normal")       -- default priority 100
--   pq:take()  --> "urgent"
--
-- Tree: /pq/entry-PPP-NNNNNNNNNN, persistent sequential: PPP is the priority (3 digits, 000-999)
-- and the sequence number is shared by all priorities, so sorting the names sorts by priority
-- first, then by arrival. Marks: queue.put {priority}, queue.took (as the FIFO queue).
local queue = require("queue")

local M = {}

function M.new(path)
  return queue.new(path, {
    prefix = function(priority)
      return string.format("entry-%03d-", math.max(0, math.min(999, priority or 100)))
    end,
    order = function(names)
      table.sort(names)
      return names
    end,
  })
end

return M
