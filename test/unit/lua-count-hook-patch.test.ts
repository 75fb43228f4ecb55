// The count-hook fast paths patched into luaV_execute (src/lua/count-hook-patch.ts) change when
// nothing is called, never what is: every hook — count, line, call, return, any mix, any count —
// fires at the same instruction, line and function as in wasmoon's unpatched glue.wasm. Compared
// hook by hook on plain Lua states (all standard libraries, hooks set with debug.sethook).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { withCountHookFastPath } from '../../src/lua/count-hook-patch.ts';
import { functionBodies, sections } from '../../src/lua/wasm-bytes.ts';
import { nodeWasmSource } from '../../src/lua/wasm-node.ts';
import {
  instantiateModule,
  LUA_OK,
  LUA_YIELD,
  type LuaRuntime,
  MASK_COUNT,
} from '../../src/lua/wasm-runtime.ts';
import { cstr } from '../support/wasm-cstr.ts';

const glue = new Uint8Array(readFileSync(nodeWasmSource()));
/** luaV_execute is function 575 of glue.wasm, after 27 imported functions. */
const LUAV_EXECUTE_BODY = 575 - 27;

/** Work that reaches every path the patch touches: loops, calls and returns of each kind, varargs,
 *  tail calls, metamethods, errors, coroutines (which inherit the hook). */
const WORK = `
  local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
  local function none() end
  local function va(...) return select('#', ...) end
  local function tail(n) if n == 0 then return 0 end return tail(n - 1) end
  local s = 0
  for i = 1, 20 do s = s + i end
  for i = 3.0, 1, -0.5 do s = s + i end
  local i = 0
  while i < 12 do i = i + 1 end
  repeat i = i - 1 until i == 0
  for _, v in ipairs({ 4, 5, 6 }) do s = s + v end
  s = s + va(1, nil, 3) + tail(6) + fib(7)
  none()
  local ok = pcall(error, 'x')
  local mt = setmetatable({}, { __index = function(_, k) return #k end, __add = function() return 1 end })
  s = s + mt.abc + (mt + 1)
  local co = coroutine.wrap(function(a) for j = 1, 3 do a = coroutine.yield(a + j) end return a end)
  s = s + co(1) + co(2) + co(3) + co(4)
  table.sort({ 3, 1, 2 }, function(a, b) return a < b end)
  s = s + #(("x"):rep(3):gsub("x", function() return "yy" end))
  return s
`;

/** Every hook call, for each mask and count: event, line argument, function and line it is at. */
const RECORD = `
  local work = load(...)
  local out = {}
  for _, mask in ipairs({ '', 'l', 'c', 'r', 'cr', 'lcr' }) do
    for _, count in ipairs({ 0, 1, 2, 3, 7, 100 }) do
      if mask ~= '' or count > 0 then
        out[#out + 1] = 'mask=' .. mask .. ' count=' .. count
        debug.sethook(function(event, line)
          local info = debug.getinfo(2, 'Sl')
          out[#out + 1] = event .. ' ' .. tostring(line) .. ' ' .. info.short_src .. ':' .. info.currentline
        end, mask, count)
        out[#out + 1] = 'result ' .. tostring(work())
        debug.sethook()
      end
    end
  end
  return table.concat(out, '\\n')
`;

/** RECORD run on a fresh Lua state of the given glue.wasm. */
async function record(bytes: Uint8Array): Promise<string> {
  const rt = await instantiateModule(new WebAssembly.Module(bytes as BufferSource));
  const api = rt.api as LuaRuntime['api'] & { luaL_newstate(): number; luaL_openlibs(L: number): void };
  const L = api.luaL_newstate();
  api.luaL_openlibs(L);
  const load = (src: string, name: string) =>
    api.luaL_loadbufferx(L, cstr(rt, src), new TextEncoder().encode(src).length, cstr(rt, name), 0);
  expect(load(RECORD, '=record')).toBe(LUA_OK);
  api.lua_pushlstring(L, cstr(rt, WORK), new TextEncoder().encode(WORK).length);
  expect(api.lua_pcallk(L, 1, 1, 0, 0, 0)).toBe(LUA_OK);
  const len = api.malloc(4);
  const p = api.lua_tolstring(L, -1, len);
  const out = new TextDecoder().decode(rt.HEAPU8.slice(p, p + rt.HEAPU32[len >> 2]!));
  api.lua_close(L);
  return out;
}

/**
 * WORK in a thread whose C count hook yields every `count` instructions, as the budget's stop does
 * (vm.ts hook: lua_yieldk from the hook; Lua then marks CIST_HOOKYIELD and undoes the count): the
 * line the thread is at after each yield, and how it ended.
 */
async function yieldingHook(bytes: Uint8Array, count: number): Promise<string[]> {
  const rt = await instantiateModule(new WebAssembly.Module(bytes as BufferSource));
  const api = rt.api as LuaRuntime['api'] & { luaL_newstate(): number; luaL_openlibs(L: number): void };
  const L = api.luaL_newstate();
  api.luaL_openlibs(L);
  const T = api.lua_newthread(L);
  const [hook] = rt.addFunctions([
    {
      fn: (Lh) => {
        // only the host's thread yields (the work's own coroutines and C calls go on)
        if (Lh === T && api.lua_isyieldable(Lh)) api.lua_yieldk(Lh, 0, 0, 0);
        return undefined;
      },
      sig: 'vii',
    },
  ]);
  expect(
    api.luaL_loadbufferx(T, cstr(rt, WORK), new TextEncoder().encode(WORK).length, cstr(rt, '=work'), 0),
  ).toBe(LUA_OK);
  api.lua_sethook(T, hook!, MASK_COUNT, count);
  const ar = api.malloc(256);
  const nres = api.malloc(4);
  const out: string[] = [];
  for (;;) {
    const status = api.lua_resume(T, L, 0, nres);
    if (status !== LUA_YIELD) {
      out.push(`status ${status} ${api.lua_tonumberx(T, -1, 0)}`);
      break;
    }
    api.lua_getstack(T, 0, ar);
    api.lua_getinfo(T, cstr(rt, 'l'), ar);
    out.push(String(rt.HEAPU32[(ar + 24) >> 2]));
  }
  api.lua_close(L);
  return out;
}

describe('count-hook fast paths in luaV_execute', () => {
  it('fire every hook at the same instruction as the unpatched build, for every mask and count', async () => {
    const before = await record(glue);
    const after = await record(withCountHookFastPath(glue));
    const lines = after.split('\n');
    // the record is not trivially small: hooks of every kind fired
    for (const event of ['count', 'line', 'call', 'return', 'tail call'])
      expect(lines.some((l) => l.startsWith(`${event} `))).toBe(true);
    expect(lines.length).toBeGreaterThan(10_000);
    expect(after).toBe(before);
  });

  it('yield from a C count hook at the same instructions as the unpatched build', async () => {
    for (const count of [1, 2, 7, 100]) {
      const before = await yieldingHook(glue, count);
      const after = await yieldingHook(withCountHookFastPath(glue), count);
      expect(after.at(-1)).toMatch(/^status 0 /);
      // a yield about every `count` instructions of the thread's own Lua code (~470 of them)
      expect(after.length).toBeGreaterThan(Math.floor(400 / count));
      expect(after).toEqual(before);
    }
  });

  it('change luaV_execute and nothing else in the module', () => {
    const after = withCountHookFastPath(glue);
    const [x, y] = [sections(glue), sections(after)];
    expect(y.map((s) => s.id)).toEqual(x.map((s) => s.id));
    const bytesOf = (b: Uint8Array, s: { body: number; end: number }) => b.subarray(s.body, s.end);
    x.forEach((s, i) => {
      if (s.id !== 10) expect(bytesOf(after, y[i]!)).toEqual(bytesOf(glue, s));
    });
    const [bx, by] = [
      functionBodies(glue, x.find((s) => s.id === 10)!),
      functionBodies(after, y.find((s) => s.id === 10)!),
    ];
    expect(by.length).toBe(bx.length);
    const changed = bx.flatMap((s, i) =>
      equalBytes(
        bytesOf(glue, { body: s.start, end: s.end }),
        bytesOf(after, { body: by[i]!.start, end: by[i]!.end }),
      )
        ? []
        : [i],
    );
    expect(changed).toEqual([LUAV_EXECUTE_BODY]);
  });

  it('refuse a build they were not written for', () => {
    const other = glue.slice();
    // luaG_traceexec's `L->hookmask & (LUA_MASKLINE | LUA_MASKCOUNT)`: change the mask it tests
    const at = findSequence(other, [0x28, 0x02, 0x70, 0x22, 0x03, 0x41, 0x0c, 0x71]);
    other[at + 6] = 0x0d;
    expect(() => withCountHookFastPath(other)).toThrow(/not the build the count-hook patch was written for/);
  });
});

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => b[i] === v);
}

function findSequence(hay: Uint8Array, seq: number[]): number {
  for (let i = 0; i + seq.length <= hay.length; i++) if (seq.every((b, j) => hay[i + j] === b)) return i;
  throw new Error('sequence not found');
}
