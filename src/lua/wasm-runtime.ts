// The raw C API binding: wasmoon's glue.wasm (PUC-Rio Lua 5.4 built with emscripten), compiled
// once per page or process and instantiated once per VM, with the few imports a sandboxed Lua
// needs written here instead of emscripten's generated JavaScript.
//
// Why not LuaWasm.initialize (issue #13): it runs the whole emscripten glue (a file system, a
// terminal, ~700 cwrap'd functions) and compiles the wasm again for every VM, ~35 ms each; and every
// export it hands out is a JavaScript wrapper (`apply(null, arguments)` plus two assertions). Here a
// VM's instance is a compiled module instantiated with a small memory (~1 ms), and the Lua API is
// the instance's own exports, called directly.
//
// Fidelity: the imports behave as emscripten's do for everything the sandbox can reach, and the
// start-up writes what emscripten's writes (the same environment strings, allocated by the same
// libc constructor), so the heap a VM starts from, hence every address and Lua's string-hash seed,
// is the one it had under LuaWasm.initialize (test/unit/lua-vm-template.test.ts). The clock reads
// a pinned epoch: Lua seeds its string hash from time(NULL) (see vm-template.ts).
import { withCountHookFastPath } from './count-hook-patch.ts';
import type { WasmSource } from './types.ts';
import { leb, readLeb, replaceSection, sections } from './wasm-bytes.ts';
import { withReturningYields } from './yield-patch.ts';

type Ptr = number;
type State = number;

// lua.h constants
export const LUA_REGISTRYINDEX = -1001000;
export const LUA_OK = 0;
export const LUA_YIELD = 1;
export const LUA_ERRSYNTAX = 3;
export const LUA_ERRMEM = 4;
export const T_NIL = 0;
export const T_BOOLEAN = 1;
export const T_NUMBER = 3;
export const T_STRING = 4;
export const T_TABLE = 5;
export const T_FUNCTION = 6;
export const MASK_COUNT = 8;
export const TYPE_NAMES = [
  'nil',
  'boolean',
  'userdata',
  'number',
  'string',
  'table',
  'function',
  'userdata',
  'thread',
];

/** The C environment of every VM: fixed, since its size shifts every later heap address. */
const FIXED_ENV: [string, string][] = [
  ['USER', 'lua'],
  ['LOGNAME', 'lua'],
  ['PATH', '/'],
  ['PWD', '/'],
  ['HOME', '/'],
  ['LANG', 'C.UTF-8'],
  ['_', 'lua'],
];

/** Pages (64 KiB) a VM's memory starts with: data (~30 KiB), the 1 MiB C stack, a small heap. It grows on demand. */
const INITIAL_PAGES = 24;

/** Signatures of host functions put in the wasm table (emscripten's letters: i = i32, v = void). */
export type Signature = 'iiiii' | 'ii' | 'vii';

/** The Lua C API exports this host uses (lua.h / lauxlib.h / lualib.h), called directly. */
export interface LuaApi {
  malloc(size: number): Ptr;
  free(p: Ptr): void;
  realloc(p: Ptr, size: number): Ptr;
  lua_newstate(alloc: Ptr, ud: Ptr): State;
  lua_close(L: State): void;
  lua_newthread(L: State): State;
  lua_resume(L: State, from: State, nargs: number, nresults: Ptr): number;
  lua_gettop(L: State): number;
  lua_settop(L: State, idx: number): void;
  lua_pushvalue(L: State, idx: number): void;
  lua_copy(L: State, from: number, to: number): void;
  lua_xmove(from: State, to: State, n: number): void;
  lua_checkstack(L: State, n: number): number;
  lua_absindex(L: State, idx: number): number;
  lua_type(L: State, idx: number): number;
  lua_toboolean(L: State, idx: number): number;
  lua_isinteger(L: State, idx: number): number;
  lua_tonumberx(L: State, idx: number, isnum: Ptr): number;
  lua_tointegerx(L: State, idx: number, isnum: Ptr): bigint;
  lua_tolstring(L: State, idx: number, len: Ptr): Ptr;
  lua_rawequal(L: State, a: number, b: number): number;
  lua_next(L: State, idx: number): number;
  lua_pushnil(L: State): void;
  lua_pushnumber(L: State, n: number): void;
  lua_pushinteger(L: State, n: bigint): void;
  lua_pushlstring(L: State, s: Ptr, len: number): Ptr;
  lua_pushboolean(L: State, b: number): void;
  lua_pushcclosure(L: State, fn: Ptr, n: number): void;
  lua_createtable(L: State, narr: number, nrec: number): void;
  lua_rawget(L: State, idx: number): number;
  lua_rawgeti(L: State, idx: number, n: bigint): number;
  lua_rawset(L: State, idx: number): void;
  lua_rawseti(L: State, idx: number, n: bigint): void;
  lua_getfield(L: State, idx: number, k: Ptr): number;
  lua_getglobal(L: State, name: Ptr): number;
  lua_setglobal(L: State, name: Ptr): void;
  lua_pcallk(L: State, nargs: number, nres: number, errfunc: number, ctx: number, k: Ptr): number;
  luaL_loadbufferx(L: State, buf: Ptr, size: number, name: Ptr, mode: Ptr): number;
  luaL_ref(L: State, t: number): number;
  luaL_unref(L: State, t: number, ref: number): void;
  luaL_where(L: State, level: number): void;
  luaL_traceback(L: State, L1: State, msg: Ptr, level: number): void;
  lua_getstack(L: State, level: number, ar: Ptr): number;
  lua_getinfo(L: State, what: Ptr, ar: Ptr): number;
  lua_sethook(L: State, fn: Ptr, mask: number, count: number): void;
  lua_yieldk(L: State, nresults: number, ctx: number, k: Ptr): number;
  lua_isyieldable(L: State): number;
  lua_error(L: State): number;
  luaopen_base(L: State): number;
  luaopen_coroutine(L: State): number;
  luaopen_table(L: State): number;
  luaopen_string(L: State): number;
  luaopen_math(L: State): number;
  luaopen_utf8(L: State): number;
}

interface RuntimeExports {
  memory: WebAssembly.Memory;
  __indirect_function_table: WebAssembly.Table;
  __wasm_call_ctors(): void;
  emscripten_stack_init(): void;
  emscripten_stack_get_end(): number;
  stackSave(): number;
  stackRestore(sp: number): void;
  setThrew(threw: number, value: number): void;
}

/** One wasm instance: one VM's memory, its C API, and the host functions in its table. */
export class LuaRuntime {
  readonly api: LuaApi;
  readonly memory: WebAssembly.Memory;
  HEAPU8: Uint8Array;
  HEAPU32: Uint32Array;
  private readonly table: WebAssembly.Table;

  constructor(
    instance: WebAssembly.Instance,
    private readonly env: RuntimeImports,
  ) {
    const ex = instance.exports as unknown as RuntimeExports & LuaApi;
    this.api = ex;
    this.memory = ex.memory;
    this.table = ex.__indirect_function_table;
    this.HEAPU8 = new Uint8Array(this.memory.buffer);
    this.HEAPU32 = new Uint32Array(this.memory.buffer);
    env.runtime = this;
    env.exports = ex;
  }

  /**
   * Put host functions in the wasm table, in order; their indices are the C function pointers.
   * One small module wraps them all (a module instance per function was measurable per VM).
   */
  addFunctions(fns: { fn: (...args: number[]) => number | undefined; sig: Signature }[]): Ptr[] {
    const imports: Record<string, (...args: number[]) => number | undefined> = {};
    fns.forEach((f, i) => {
      imports[`f${i}`] = f.fn;
    });
    const wrappers = new WebAssembly.Instance(trampolines(fns.map((f) => f.sig)), { e: imports }).exports;
    return fns.map((_, i) => {
      const index = this.table.grow(1);
      this.table.set(index, wrappers[`f${i}`] as never);
      return index;
    });
  }

  /** Make the memory at least `bytes` long (as emscripten_resize_heap would for a request). */
  reserve(bytes: number): boolean {
    return this.env.grow(bytes);
  }

  /** Called after the memory grew: typed-array views of the old buffer are detached. */
  refreshViews(): void {
    this.HEAPU8 = new Uint8Array(this.memory.buffer);
    this.HEAPU32 = new Uint32Array(this.memory.buffer);
  }
}

/** What the imports need of the instance once it exists. */
interface RuntimeImports {
  runtime: LuaRuntime | null;
  exports: RuntimeExports | null;
  grow(bytes: number): boolean;
}

const ENOSYS = 52;
const EBADF = 8;

/** emscripten's imports, reduced to what a sandboxed Lua reaches (no files, no OS, no wall clock). */
function makeImports(state: RuntimeImports): WebAssembly.Imports {
  const ex = (): RuntimeExports => state.exports!;
  const u32 = (): Uint32Array => state.runtime!.HEAPU32;
  const u8 = (): Uint8Array => state.runtime!.HEAPU8;
  const envStrings = FIXED_ENV.map(([k, v]) => `${k}=${v}`);
  const refuse = () => -ENOSYS;
  const protectedFns: ((a: number, b: number) => void)[] = [];
  const env = {
    abort: () => {
      throw new Error('Lua VM aborted (native code called abort())');
    },
    // setjmp/longjmp as emscripten builds them: a longjmp is a thrown Infinity, caught here.
    invoke_vii: (index: number, a1: number, a2: number) => {
      const e = ex();
      const sp = e.stackSave();
      try {
        // Every protected call (each resume) comes through here: table look-ups are cached, as a
        // table slot, once filled, never changes here (host functions are only ever added).
        let f = protectedFns[index];
        if (f === undefined) {
          f = e.__indirect_function_table.get(index) as (a: number, b: number) => void;
          protectedFns[index] = f;
        }
        f(a1, a2);
      } catch (err) {
        e.stackRestore(sp);
        if (err !== Infinity) throw err;
        e.setThrew(1, 0);
      }
    },
    _emscripten_throw_longjmp: () => {
      throw Infinity;
    },
    // Pinned: time(NULL) feeds Lua's string-hash seed; nothing in the sandbox reads a clock.
    emscripten_date_now: () => 0,
    _emscripten_get_now_is_monotonic: () => 1,
    emscripten_resize_heap: (requested: number) => state.grow(requested >>> 0),
    strftime: () => 0,
    system: () => -1,
    exit: (code: number) => {
      throw new Error(`Lua VM exited (${code})`);
    },
    __syscall_openat: refuse,
    __syscall_fcntl64: refuse,
    __syscall_ioctl: refuse,
    __syscall_dup3: refuse,
    __syscall_unlinkat: refuse,
    __syscall_rmdir: refuse,
    __syscall_renameat: refuse,
    __syscall_readlinkat: refuse,
    _mktime_js: () => -1n,
    _localtime_js: () => {},
    _gmtime_js: () => {},
    _tzset_js: () => {},
  };
  const wasi = {
    // stdout/stderr (Lua's warn(), lua_writestringerror): swallowed, reported as written.
    fd_write: (_fd: number, iov: number, iovcnt: number, pnum: number) => {
      const m = u32();
      let n = 0;
      for (let i = 0; i < iovcnt; i++) n += m[(iov + 8 * i + 4) >> 2]!;
      m[pnum >> 2] = n;
      return 0;
    },
    fd_read: () => EBADF,
    fd_close: () => EBADF,
    fd_seek: () => EBADF,
    environ_sizes_get: (pcount: number, psize: number) => {
      const m = u32();
      m[pcount >> 2] = envStrings.length;
      m[psize >> 2] = envStrings.reduce((n, s) => n + s.length + 1, 0);
      return 0;
    },
    environ_get: (penv: number, pbuf: number) => {
      let at = pbuf;
      envStrings.forEach((s, i) => {
        u32()[(penv + 4 * i) >> 2] = at;
        const m = u8();
        for (let j = 0; j < s.length; j++) m[at + j] = s.charCodeAt(j);
        m[at + s.length] = 0;
        at += s.length + 1;
      });
      return 0;
    },
  };
  return { env, wasi_snapshot_preview1: wasi };
}

/** emscripten's growth rule (up to 20% over the request), within wasm32's 2 GiB. */
function growTo(memory: WebAssembly.Memory, requested: number, onGrow: () => void): boolean {
  const old = memory.buffer.byteLength;
  if (requested <= old) return true;
  if (requested > 2 ** 31) return false;
  for (let cut = 1; cut <= 4; cut *= 2) {
    let size = Math.min(old * (1 + 0.2 / cut), requested + 100663296);
    size = Math.max(requested, size);
    size = Math.min(2 ** 31, size + ((65536 - (size % 65536)) % 65536));
    try {
      memory.grow((size - old + 65535) / 65536);
      onGrow();
      return true;
    } catch {
      // try a smaller step
    }
  }
  return false;
}

const compiled = new Map<WasmSource, Promise<WebAssembly.Module>>();

/** glue.wasm from `source` as every VM runs it (below), compiled once per source in this thread. */
export function compiledLua(source: WasmSource): Promise<WebAssembly.Module> {
  let module = compiled.get(source);
  if (!module) {
    module = compile(source);
    compiled.set(source, module);
    module.catch(() => compiled.delete(source));
  }
  return module;
}

/**
 * Take `module`, compiled from `source` in another thread (the conductor's worker compiles it once
 * and posts it to each client's worker), as this thread's: reading, patching and compiling
 * glue.wasm cost a worker 61-107 ms of CPU, instantiating a posted module ~1 ms.
 */
export function useCompiledLua(source: WasmSource, module: WebAssembly.Module): void {
  if (!compiled.has(source)) compiled.set(source, Promise.resolve(module));
}

/** A fresh instance of glue.wasm, started as emscripten starts it (stack, cookie, libc constructors). */
export async function instantiateLua(source: WasmSource): Promise<LuaRuntime> {
  return instantiateModule(await compiledLua(source));
}

/** An instance of a compiled glue.wasm (compileLua's, or in tests one compiled otherwise). */
export async function instantiateModule(module: WebAssembly.Module): Promise<LuaRuntime> {
  const state: RuntimeImports = {
    runtime: null,
    exports: null,
    grow: (bytes) => growTo(state.exports!.memory, bytes, () => state.runtime!.refreshViews()),
  };
  const instance = await WebAssembly.instantiate(module, makeImports(state));
  const runtime = new LuaRuntime(instance, state);
  const ex = state.exports!;
  ex.emscripten_stack_init();
  // emscripten's writeStackCookie: the same bytes at the stack's end and at address 0.
  let end = ex.emscripten_stack_get_end();
  if (end === 0) end += 4;
  runtime.HEAPU32[end >> 2] = 0x02135467;
  runtime.HEAPU32[(end + 4) >> 2] = 0x89bacdfe;
  runtime.HEAPU32[0] = 0x63736d65;
  ex.__wasm_call_ctors();
  return runtime;
}

/** glue.wasm as every VM runs it: a smaller initial memory, the count hook's fast paths, yields
 *  that return instead of throwing. */
async function compile(source: WasmSource): Promise<WebAssembly.Module> {
  const bytes = withReturningYields(
    withCountHookFastPath(withInitialPages(await readWasm(source), INITIAL_PAGES)),
  );
  return WebAssembly.compile(bytes as BufferSource);
}

/** Node: a file path (wasm-node.ts) read with node:fs; a browser: the bundled URL (wasm-browser.ts). */
async function readWasm(source: WasmSource): Promise<Uint8Array> {
  const p = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const fs = p?.getBuiltinModule?.('node:fs') as
    | { promises: { readFile(path: string | URL): Promise<Uint8Array> } }
    | undefined;
  if (fs && !/^(https?|blob|data):/.test(source))
    return new Uint8Array(await fs.promises.readFile(source.startsWith('file:') ? new URL(source) : source));
  const response = await fetch(source);
  if (!response.ok) throw new Error(`LuaVm: cannot load ${source}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

// ---- the wasm binary: the memory's initial size, and one-function trampolines ----------------

/**
 * The module with its memory section's initial size set to `pages`: glue.wasm asks for 16 MiB,
 * which a new instance must map and zero (~3 ms); Lua VMs here use ~1.2 MiB, and grow on demand.
 */
function withInitialPages(bytes: Uint8Array, pages: number): Uint8Array {
  const memory = sections(bytes).find((s) => s.id === 5);
  if (!memory) return bytes;
  const [count, p] = readLeb(bytes, memory.body);
  if (count !== 1) return bytes;
  const flags = bytes[p]!;
  const [initial, q] = readLeb(bytes, p + 1);
  if (initial <= pages) return bytes;
  const max = flags & 1 ? readLeb(bytes, q)[0] : null;
  return replaceSection(bytes, memory, [1, flags, ...leb(pages), ...(max === null ? [] : leb(max))]);
}

const trampolineModules = new Map<string, WebAssembly.Module>();

/**
 * A tiny module that imports JS functions f0, f1, … and exports them as wasm functions of the given
 * signatures, ready for the table (emscripten's convertJsFunctionToWasm, for several at once).
 */
function trampolines(sigs: Signature[]): WebAssembly.Module {
  const key = sigs.join(',');
  let m = trampolineModules.get(key);
  if (!m) {
    const I32 = 0x7f;
    const name = (i: number) => {
      const b = [...new TextEncoder().encode(`f${i}`)];
      return [b.length, ...b];
    };
    const types = sigs.flatMap((sig) => {
      const params = [...sig.slice(1)].map(() => I32);
      return [0x60, params.length, ...params, ...(sig[0] === 'v' ? [0] : [1, I32])];
    });
    const typeSection = [...leb(sigs.length), ...types];
    const importSection = [
      ...leb(sigs.length),
      ...sigs.flatMap((_, i) => [1, 0x65, ...name(i), 0x00, ...leb(i)]),
    ];
    const exportSection = [...leb(sigs.length), ...sigs.flatMap((_, i) => [...name(i), 0x00, ...leb(i)])];
    const section = (id: number, body: number[]) => [id, ...leb(body.length), ...body];
    const bytes = [
      ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
      ...section(1, typeSection),
      ...section(2, importSection),
      ...section(7, exportSection),
    ];
    m = new WebAssembly.Module(new Uint8Array(bytes));
    trampolineModules.set(key, m);
  }
  return m;
}
