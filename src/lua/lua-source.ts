// The Lua half of the VM layer: the sandbox (what the standard library looks like to a client
// script) and the zk bridge prelude (the blocking-style zk.* API built on coroutine.yield).
// Kept as TypeScript string constants so the same text loads in Node (tests, CLI) and in a Vite
// build without a loader plugin. String.raw keeps the Lua source verbatim (no JS escapes).

/** Every function of the global `zk` table. Each one is a call step for the host. */
export const ZK_FUNCTIONS = [
  'create',
  'get',
  'set',
  'delete',
  'exists',
  'children',
  'multi',
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
] as const;

export type ZkFunctionName = (typeof ZK_FUNCTIONS)[number];

/**
 * Runs first, as chunk '=sandbox', with the arguments (seed, host_now, modules).
 * host_now is a C function (a JS callback) returning the virtual time in ms.
 * The standard libraries base, coroutine, table, string, math and utf8 are already open;
 * io, os, debug and package were never opened.
 */
// biome-ignore lint/complexity/noUselessStringRaw: keeps Lua escapes verbatim if any are added
export const SANDBOX_LUA = String.raw`
local seed, host_now, modules = ...
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
      error("module '" .. name .. "' not found (available modules: " .. available .. ")", 2)
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
