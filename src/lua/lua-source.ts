// The Lua half of the VM layer: the sandbox (what the standard library looks like to a client
// script) and the zk bridge prelude (the blocking-style zk.* API built on coroutine.yield).
// Kept as TypeScript string constants so the same text loads in Node (tests, CLI) and in a Vite
// build without a loader plugin. String.raw keeps the Lua source verbatim (no JS escapes).

/** Every function of the global `zk` table. Each one is a call step for the host. */
export const ZK_FUNCTIONS = [
  'create',
  'create2',
  'get',
  'set',
  'delete',
  'exists',
  'children',
  'multi',
  'multi_read',
  'get_ephemerals',
  'get_all_children_number',
  'sync',
  'add_watch',
  'remove_watches',
  'get_acl',
  'set_acl',
  'add_auth',
  'wait_event',
  'sleep',
  'now',
  'log',
  'mark',
  'session_id',
  'state',
  'close',
  'reconnect',
  'four_letter',
] as const;

export type ZkFunctionName = (typeof ZK_FUNCTIONS)[number];

/**
 * Runs first, as chunk '=sandbox', with the arguments (seed, host_now, modules, charge).
 * host_now is a C function (a JS callback) returning the virtual time in ms; charge(steps, what,
 * bytes) adds work to the VM's budget and returns false once it is spent (charge(0) only asks).
 * The standard libraries base, coroutine, table, string, math and utf8 are already open;
 * io, os, debug and package were never opened.
 */
// biome-ignore lint/complexity/noUselessStringRaw: keeps Lua escapes verbatim if any are added
export const SANDBOX_LUA = String.raw`
local seed, host_now, modules, charge = ...
local error, type, tostring, select, rawget, pairs = error, type, tostring, select, rawget, pairs
local sort, concat, floor = table.sort, table.concat, math.floor

-- base: no file access, no console side channel
dofile, loadfile, warn = nil, nil, nil

-- load: text chunks only (a binary chunk could break the VM's invariants)
do
  local load = load
  function _G.load(chunk, chunkname, mode, ...)
    if select('#', ...) > 0 then return load(chunk, chunkname, "t", (...)) end
    return load(chunk, chunkname, "t")
  end
end

-- no bytecode out either; lock the string metatable shared by every string value
string.dump = nil
getmetatable("").__metatable = false

-- finalizers run with debug hooks switched off, so the instruction budget cannot see them
do
  local setmetatable, pcall = setmetatable, pcall
  function _G.setmetatable(t, mt)
    if type(t) ~= "table" then
      error("bad argument #1 to 'setmetatable' (table expected, got " .. (t == nil and "no value" or type(t)) .. ")", 2)
    end
    if mt ~= nil and type(mt) ~= "table" then
      error("bad argument #2 to 'setmetatable' (nil or table expected)", 2)
    end
    if mt ~= nil and rawget(mt, "__gc") ~= nil then
      error("__gc metamethods are not allowed in the sandbox (finalizers run outside the instruction budget)", 2)
    end
    local ok, r = pcall(setmetatable, t, mt)   -- e.g. "cannot change a protected metatable"
    if not ok then error(r, 2) end
    return r
  end
end

-- xpcall: when the budget runs out inside a C call (a sort comparator, or the message handler
-- itself) the VM raises its stop error, and Lua calls the message handler for it with hooks off,
-- where nothing could stop a loop. So the handler is skipped once the VM is stopped.
do
  local xpcall = xpcall
  function _G.xpcall(f, ...)
    local msgh = ...
    if type(msgh) ~= "function" then
      error("bad argument #2 to 'xpcall' (function expected, got " .. (select('#', ...) == 0 and "no value" or type(msgh)) .. ")", 2)
    end
    return xpcall(f, function(m)
      if not charge(0) then return m end
      return msgh(m)
    end, select(2, ...))
  end
end

-- string patterns: the C matcher backtracks where the count hook cannot see (a pattern like
-- ("a*"):rep(30) .. "b" would run for ages inside one call). Each call first pays an upper bound
-- of its matching steps, computed from the pattern and the subject (docs/lua.md, "Work budget");
-- a bound larger than the work left stops the script before the matcher runs.
do
  local find, match, gmatch, gsub, byte, sub = string.find, string.match, string.gmatch, string.gsub, string.byte, string.sub
  local HUGE = 1e300

  -- index just past the single-character class starting at p[i] (lstrlib's classEnd)
  local function class_end(p, i, m)
    local c = byte(p, i)
    i = i + 1
    if c == 37 then return i + 1 end            -- %x
    if c ~= 91 then return i end                -- one character
    if byte(p, i) == 94 then i = i + 1 end      -- [^...]
    repeat                                      -- the first ']' after '[' or '[^' is a member
      if i > m then return m + 1 end            -- malformed: the matcher reports it
      local d = byte(p, i)
      i = i + 1
      if d == 37 and i <= m then i = i + 1 end
    until byte(p, i) == 93
    return i + 1
  end

  -- the class p[i..e-1] as a pattern of its own (a lone '^' or '$' escaped to stay a literal)
  local function class_pattern(p, i, e)
    local cls = sub(p, i, e - 1)
    if e - i == 1 and cls ~= "." and not find(cls, "^%w") then cls = "%" .. cls end
    return cls
  end

  -- the runs of bytes of s in the class: the longest (how far one repeated item can reach from
  -- one position) and the sum over all positions of the run starting there
  local function runs(s, cls)
    local n = #s
    if cls == "." then return n, n * (n + 1) // 2 end
    local rep, best, sum, at = cls .. "+", 0, 0, 1
    while true do
      local a, b = find(s, rep, at)            -- linear: one pass over s
      if not a then return best, sum end
      local len = b - a + 1
      if len > best then best = len end
      sum = sum + len * (len + 1) // 2
      at = b + 2
    end
  end

  -- Upper bound of the single-character tests lstrlib's matcher makes for pattern p on subject s.
  -- visits bounds how often the matcher reaches the current item, per how often at any one
  -- subject position. Start positions are tried once each (twice for gsub/gmatch, after an empty
  -- match); an item repeated with * + - hands on a visit at position x to as many positions as
  -- the run of its class starting at x, plus one (at most r + 1, r the longest run), ? to 2, and
  -- a position is reached at most once per earlier visit; a plain
  -- class passes on only the visits at positions where s matches it. %b and back references scan
  -- the subject; a set costs its length per test; each class scan of s is charged as well.
  local function bound(s, p, anchorable, again)
    local n, m, i = #s, #p, 1
    local visits, per                           -- floats: integer products would wrap around
    if anchorable and byte(p, 1) == 94 then
      visits, per, i = 1.0, 1.0, 2
    else
      visits, per = (n + 1.0) * again, again + 0.0
    end
    local total = visits
    while i <= m do
      local c = byte(p, i)
      local d = byte(p, i + 1)
      if c == 40 then                           -- ( or ()
        total = total + visits
        i = i + ((d == 41) and 2 or 1)
      elseif c == 41 or (c == 36 and i == m) then -- ) or a final $
        total = total + visits
        i = i + 1
      elseif c == 37 and d == 98 then           -- %bxy
        total = total + visits * (n + 1)
        per = visits
        i = i + 4
      elseif c == 37 and d == 102 then          -- %f[set]
        local e = class_end(p, i + 2, m)
        total = total + visits * (e - i)
        i = e
      elseif c == 37 and d and d >= 48 and d <= 57 then -- %1: compares a capture
        total = total + visits * (n + 1)
        per = visits
        i = i + 2
      else
        local e = class_end(p, i, m)
        local w = e - i
        local q = byte(p, e)
        if q == 42 or q == 43 or q == 45 then   -- * + -
          local longest, sum = runs(s, class_pattern(p, i, e))
          local r = longest + 1
          local reach = visits * r                -- or: per visit at each position, its run + 1
          if per * (n + 1 + sum) < reach then reach = per * (n + 1 + sum) end
          total = total + n * w + reach * w
          per = per * r < visits and per * r or visits
          visits = reach
          e = e + 1
        elseif q == 63 then                     -- ?
          total = total + visits * w
          per = per * 2 < visits and per * 2 or visits
          visits = visits * 2
          e = e + 1
        else
          total = total + visits * w
          if per < visits and e <= m then
            local _, k = gsub(s, class_pattern(p, i, e), "")
            total = total + n * w
            if per * k < visits then visits = per * k end
          end
        end
        i = e
      end
      if total > HUGE or visits > HUGE then return HUGE end
    end
    return total + visits
  end

  local function subject(v)
    local t = type(v)
    if t == "string" then return v end
    if t == "number" then return tostring(v) end
    return nil
  end

  local function arg_error(k, name, v)
    error("bad argument #" .. k .. " to '" .. name .. "' (string expected, got " .. (v == nil and "nil" or type(v)) .. ")", 4)
  end

  -- charges the bound; false when it does not fit (the VM is stopped, the caller must not match)
  local function pay(name, s, p, plain, anchorable, again)
    local str, pat = subject(s), subject(p)
    if not str then arg_error(1, name, s) end
    if not pat then arg_error(2, name, p) end
    local steps = plain and (#str + 1) * (#pat + 1) or bound(str, pat, anchorable, again)
    return charge(steps, "string." .. name, #str)
  end

  -- The C function runs under pcall so that its own errors (a malformed pattern, a bad argument)
  -- can be raised again at the user's line, as they read unwrapped; anything else (a gsub
  -- callback's error, "not enough memory", the budget stop) passes through unchanged.
  local pcall = pcall
  local own = { "^bad argument", "^malformed pattern", "^invalid ", "^pattern too complex", "^missing '%['", "^unfinished capture" }
  local function ret(name, ok, ...)
    if ok then return ... end
    local e = ...
    if type(e) == "string" then
      for k = 1, #own do
        if find(e, own[k]) then error((gsub(e, "to '%?'", "to '" .. name .. "'", 1)), 2) end
      end
    end
    error(e, 0)
  end

  function string.find(s, p, init, plain, ...)
    if not pay("find", s, p, plain, true, 1) then return nil end
    return ret("find", pcall(find, s, p, init, plain, ...))
  end
  function string.match(s, p, ...)
    if not pay("match", s, p, false, true, 1) then return nil end
    return ret("match", pcall(match, s, p, ...))
  end
  function string.gmatch(s, p, ...)
    -- all iterations together start at most twice per position, so the bound is paid once here
    if not pay("gmatch", s, p, false, false, 2) then return function() return nil end end
    return ret("gmatch", pcall(gmatch, s, p, ...))
  end
  function string.gsub(s, p, ...)
    if not pay("gsub", s, p, false, true, 2) then return s, 0 end
    return ret("gsub", pcall(gsub, s, p, ...))
  end
end

-- collectgarbage: reading and collecting only; no stopping or retuning the collector
do
  local collectgarbage = collectgarbage
  local allowed = { collect = true, count = true, step = true, isrunning = true }
  function _G.collectgarbage(opt, ...)
    if opt == nil then opt = "collect" end
    if not allowed[opt] then
      error("collectgarbage('" .. tostring(opt) .. "') is not allowed in the sandbox", 2)
    end
    return collectgarbage(opt, ...)
  end
end

-- os: virtual time only
os = {
  time = function(t)
    if t ~= nil then error("os.time(table) is not supported in the sandbox; os.time() returns virtual seconds", 2) end
    return floor(host_now() / 1000)
  end,
  clock = function() return host_now() / 1000 end,
  difftime = function(t2, t1) return t2 - (t1 or 0) end,
}

-- math.random: seeded by the host; reseeding needs an explicit seed (never the wall clock)
math.randomseed(seed)
do
  local randomseed = math.randomseed
  function math.randomseed(...)
    if select('#', ...) == 0 then
      error("math.randomseed() needs an explicit seed in the sandbox (the run's seed is already applied)", 2)
    end
    return randomseed(...)
  end
end

-- require: only modules the host handed over as source text, loaded once
do
  local load = load
  local loaded = { string = string, table = table, math = math, coroutine = coroutine, utf8 = utf8 }
  local loading = {}
  local names = {}
  for name in pairs(modules) do names[#names + 1] = name end
  sort(names)
  local available = #names > 0 and concat(names, ", ") or "none"
  function _G.require(name)
    if type(name) ~= "string" then
      error("bad argument #1 to 'require' (string expected, got " .. type(name) .. ")", 2)
    end
    local v = loaded[name]
    if v ~= nil then return v end
    local src = modules[name]
    if src == nil then
      -- scripts pasted from tutorials require a ZooKeeper client first: say where it is
      error("module '" .. name .. "' not found (available modules: " .. available ..
        "); the ZooKeeper client is the global zk (zk.create, zk.get, ...: no require needed)", 2)
    end
    if loading[name] then error("loop or previous error loading module '" .. name .. "'", 2) end
    local fn, err = load(src, "=" .. name .. ".lua", "t")
    if not fn then error(err, 0) end
    loading[name] = true
    local r = fn(name)
    loading[name] = nil
    if r == nil then r = true end
    loaded[name] = r
    return r
  end
end
`;

/**
 * Runs second, as chunk '=zk', with the argument (names): the list of zk function names.
 * Returns the private bridge objects the host keeps in the registry:
 * { TAG, RAISE, roots, fns, fnids }.
 */
export const PRELUDE_LUA = String.raw`
local names = ...
local error, select, tostring, type = error, select, tostring, type
local concat = table.concat
local co_create, co_resume, co_yield = coroutine.create, coroutine.resume, coroutine.yield
local co_running, co_isyieldable, co_close = coroutine.running, coroutine.isyieldable, coroutine.close
local setmetatable = setmetatable

-- private markers: user code can never get hold of these tables
local TAG = {}      -- first value of every yield that is a host request
local RAISE = {}    -- first value of a host reply that must be raised as an error at the call site
local roots = setmetatable({}, { __mode = "k" })  -- threads driven directly by the host (main script, callbacks)
local fns, fnids = {}, {}                        -- function registry: id -> function, function -> id (host-managed)

local zk = {}

local function reply(first, ...)
  if first == RAISE then error((...), 2) end   -- level 2: the user's line that called zk.*
  return first, ...
end

local function op(name)
  return function(...)
    if (...) == zk then error("call zk." .. name .. "(...) with a dot, not zk:" .. name .. "(...)", 2) end
    return reply(co_yield(TAG, name, ...))
  end
end

for i = 1, #names do zk[names[i]] = op(names[i]) end

-- zk.log formats in Lua (like print), so any value can be logged; the host receives one string
local function log(...)
  local n = select('#', ...)
  local parts = {}
  for i = 1, n do parts[i] = tostring((select(i, ...))) end
  return reply(co_yield(TAG, "log", concat(parts, "\t")))
end
zk.log = log
print = log
_G.zk = zk

-- Host requests made inside the user's own coroutines are passed outward (re-yielded with the
-- private TAG) and the host's reply is passed back in, so a user coroutine never swallows them.
local function pass(co, ok, ...)
  if ok and (...) == TAG then
    return pass(co, co_resume(co, co_yield(...)))
  end
  return ok, ...
end

local function check_not_root(co, what)
  if roots[co] then error("cannot " .. what .. " a coroutine driven by the host (the main script or a callback)", 3) end
end

function coroutine.resume(co, ...)
  check_not_root(co, "resume")
  return pass(co, co_resume(co, ...))
end

local function wrap_ret(ok, ...)
  if ok then return ... end
  error((...), 0)
end

function coroutine.wrap(f)
  local co = co_create(f)
  return function(...)
    return wrap_ret(pass(co, co_resume(co, ...)))
  end
end

function coroutine.yield(...)
  if roots[co_running()] then error("attempt to yield from outside a coroutine", 2) end
  return co_yield(...)
end

function coroutine.isyieldable(co)
  co = co or co_running()
  if roots[co] then return false end
  return co_isyieldable(co)
end

function coroutine.running()
  local co, main = co_running()
  return co, main or roots[co] == true
end

function coroutine.close(co)
  check_not_root(co, "close")
  return co_close(co)
end

return { TAG = TAG, RAISE = RAISE, roots = roots, fns = fns, fnids = fnids }
`;
