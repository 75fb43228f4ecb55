// Yields that return instead of throwing (src/lua/yield-patch.ts) leave a thread exactly as the
// thrown yield does: every resume of a host-driven thread returns the same status, values, line,
// heap size and addresses with the patched module as with wasmoon's unpatched glue.wasm, for yields
// of every kind (the fast one, a tail call, inside pcall, from a metamethod, from a for iterator,
// inside a user coroutine), with and without a count hook that yields too, and with finalizers run
// on the suspended thread by the GC step a large reply starts. And the fast path is taken: a zk
// call loop throws nothing.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { withCountHookFastPath } from '../../src/lua/count-hook-patch.ts';
import { createLuaVm, drive } from '../../src/lua/index.ts';
import { nodeWasmSource } from '../../src/lua/wasm-node.ts';
import {
  instantiateModule,
  LUA_OK,
  LUA_YIELD,
  type LuaRuntime,
  MASK_COUNT,
  T_STRING,
} from '../../src/lua/wasm-runtime.ts';
import { withReturningYields } from '../../src/lua/yield-patch.ts';
import { cstr } from '../support/wasm-cstr.ts';

const glue = new Uint8Array(readFileSync(nodeWasmSource()));

/** Yields of every kind, each yielding a description of where it is and of the heap. */
const SCRIPT = `
  local yield = coroutine.yield
  local function heap() return math.floor(collectgarbage("count") * 1024) end
  local function deep(n) if n == 0 then return yield("deep", heap()) end return (deep(n - 1)) end
  local function tail(x) return yield("tail", x) end
  local mt = { __index = function(_, k) return yield("index", k) end }
  local function iter(_, i) if i < 3 then yield("iter", i) return i + 1 end end
  local t = {}
  for i = 1, 20 do
    local a, b = yield("plain", i, tostring(t))
    t[#t + 1] = { a, b }
    if i % 3 == 0 then deep(i) end
    if i % 4 == 0 then tail(i) end
    if i % 5 == 0 then assert(pcall(function() yield("pcall", i) end)) end
    if i % 6 == 0 then local _ = setmetatable({}, mt).key end
    if i % 7 == 0 then for _ in iter, nil, 0 do end end
    if i % 8 == 0 then
      local co = coroutine.wrap(function(x) local y = yield(x + 1) return y * 2 end)
      yield("wrap", co(i), co(i))
    end
    for _ = 1, i * 10 do t[#t + 1] = {} end
    -- garbage with finalizers, a Lua one that calls C and a C one: the GC step a large reply starts
    -- while the thread is suspended runs them on it
    setmetatable({}, { __gc = function(o) local _ = type(o) end })
    setmetatable({}, { __gc = type })
  end
  return "end", heap(), #t
`;

/** Every resume of SCRIPT on a thread the host drives (from = NULL, as vm.ts does). */
async function resumes(bytes: Uint8Array, hookEvery: number | null): Promise<string[]> {
  const rt = await instantiateModule(new WebAssembly.Module(bytes as BufferSource));
  const api = rt.api as LuaRuntime['api'] & { luaL_newstate(): number; luaL_openlibs(L: number): void };
  const L = api.luaL_newstate();
  api.luaL_openlibs(L);
  const T = api.lua_newthread(L);
  if (hookEvery !== null) {
    const [hook] = rt.addFunctions([
      {
        fn: (Lh) => {
          if (Lh === T && api.lua_isyieldable(Lh)) api.lua_yieldk(Lh, 0, 0, 0);
          return undefined;
        },
        sig: 'vii',
      },
    ]);
    api.lua_sethook(T, hook!, MASK_COUNT, hookEvery);
  }
  const size = new TextEncoder().encode(SCRIPT).length;
  expect(api.luaL_loadbufferx(T, cstr(rt, SCRIPT), size, cstr(rt, '=script'), 0)).toBe(LUA_OK);
  const ar = api.malloc(256);
  const cells = api.malloc(8);
  const out: string[] = [];
  let nargs = 0;
  for (let step = 0; step < 100_000; step++) {
    const status = api.lua_resume(T, L, nargs, cells);
    const n = rt.HEAPU32[cells >> 2]!;
    const values: string[] = [];
    for (let i = api.lua_gettop(T) - n + 1; i <= api.lua_gettop(T); i++) {
      const p =
        api.lua_type(T, i) === T_STRING || api.lua_type(T, i) === 3 ? api.lua_tolstring(T, i, cells + 4) : 0;
      values.push(
        p ? new TextDecoder().decode(rt.HEAPU8.slice(p, p + rt.HEAPU32[(cells + 4) >> 2]!)) : 'nil',
      );
    }
    let line = 0;
    if (api.lua_getstack(T, 0, ar)) {
      api.lua_getinfo(T, cstr(rt, 'l'), ar);
      line = rt.HEAPU32[(ar + 24) >> 2]!;
    }
    out.push(`${status} ${n} [${values.join(' ')}] line ${line} top ${api.lua_gettop(T)}`);
    if (status !== LUA_YIELD) break;
    // answer each yield with two values, as a host reply; every fifth a 256 KiB string
    api.lua_settop(T, api.lua_gettop(T) - n);
    if (step % 5 === 4) {
      const big = api.malloc(1 << 18);
      rt.HEAPU8.fill(120, big, big + (1 << 18));
      api.lua_pushlstring(T, big, 1 << 18);
      api.free(big);
    } else api.lua_pushnumber(T, step);
    api.lua_pushnumber(T, -step);
    nargs = 2;
  }
  api.lua_close(L);
  return out;
}

describe('yields that return instead of throwing', () => {
  const patched = withReturningYields(withCountHookFastPath(glue));
  const countOnly = withCountHookFastPath(glue);

  it('leave every resume as the thrown yield does, with no hook and with a yielding count hook', async () => {
    for (const hook of [null, 1, 7, 100]) {
      const before = await resumes(glue, hook);
      const after = await resumes(patched, hook);
      expect(after.at(-1)).toMatch(/^0 3 \[end \d+ \d+\]/);
      for (const kind of ['plain', 'deep', 'tail', 'pcall', 'index', 'iter', 'wrap'])
        expect(after.some((r) => r.includes(`[${kind} `))).toBe(true);
      expect(after).toEqual(before);
      // the count-hook patch alone gives the same too
      expect(await resumes(countOnly, hook)).toEqual(before);
    }
  });

  it('take the fast path for a zk call: a loop of them throws nothing', async () => {
    const throws = { n: 0 };
    const instantiate = WebAssembly.instantiate;
    // count the longjmps (thrown exceptions) the VM's instance makes
    WebAssembly.instantiate = (async (module: WebAssembly.Module, imports: WebAssembly.Imports) => {
      const env = imports['env'] as Record<string, () => void>;
      const longjmp = env['_emscripten_throw_longjmp']!;
      env['_emscripten_throw_longjmp'] = () => {
        throws.n++;
        longjmp();
      };
      return instantiate(module, imports);
    }) as typeof WebAssembly.instantiate;
    try {
      let t = 0;
      const vm = await createLuaVm(nodeWasmSource(), { seed: 1, now: () => t++ });
      vm.load('for i = 1, 100 do zk.exists("/x") end print(pcall(zk.exists, "/y"))');
      const before = throws.n;
      const run = drive(vm.main!, () => [null]);
      vm.close();
      expect(run.end.kind).toBe('done');
      expect(run.calls).toHaveLength(102);
      // 101 zk calls and a print: only the call under pcall (a C call boundary) throws
      expect(throws.n - before).toBe(1);
    } finally {
      WebAssembly.instantiate = instantiate;
    }
  });

  it('refuse a build they were not written for', () => {
    const other = glue.slice();
    // lua_yieldk's `L->status = LUA_YIELD` (i32.const 1; i32.store8 offset=6): another field
    const at = findSequence(other, [0x20, 0x00, 0x41, 0x01, 0x3a, 0x00, 0x06, 0x20, 0x04, 0x20, 0x01, 0x36]);
    other[at + 4] = 0x36;
    other[at + 5] = 0x02;
    expect(() => withReturningYields(other)).toThrow(/not the build the yield patch was written for/);
  });
});

function findSequence(hay: Uint8Array, seq: number[]): number {
  for (let i = 0; i + seq.length <= hay.length; i++) if (seq.every((b, j) => hay[i + j] === b)) return i;
  throw new Error('sequence not found');
}
