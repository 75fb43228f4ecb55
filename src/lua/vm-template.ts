// A VM's starting state, made once and copied into each new VM (issue #13: VM start ≤ 2 ms).
//
// Setting a VM up from nothing (Lua state, libraries, the sandbox and the zk prelude compiled and
// run, the recipe modules handed over) takes several milliseconds, and it is the same work for
// every VM of a run but one detail: math.random's seed. So the first VM for a given wasm and module
// set is set up on an instance of its own with seed 0 (the template), and its memory is kept: the
// pages that differ from a freshly started instance. A new VM is a fresh instance with those pages
// written over it, then `math.randomseed(seed)`, which sets the generator's whole state from the
// seed alone (Lua 5.4 lmathlib setseed), so the VM is the one a setup with that seed would make:
// same heap, same addresses, same string-hash seed, same random sequence
// (test/unit/lua-vm-template.test.ts compares them).
//
// Host functions (the allocator, virtual clock, budget charge and hook) sit in each instance's
// table at the same indices, installed in one order, and call whichever VM owns the instance now.

import { PRELUDE_LUA, SANDBOX_LUA, ZK_FUNCTIONS } from './lua-source.ts';
import { Marshal, type MarshalBuffers, type PreludeRefs } from './marshal.ts';
import type { WasmSource } from './types.ts';
import { instantiateLua, LUA_OK, LUA_REGISTRYINDEX, type LuaRuntime } from './wasm-runtime.ts';

type Ptr = number;
type State = number;

/** What the host functions in an instance's table call: the VM that owns the instance. */
export interface HostCallbacks {
  alloc(ptr: Ptr, osize: number, nsize: number): Ptr;
  now(Ls: State): number;
  charge(Ls: State): number;
  hook(Ls: State): void;
}

export interface HostFunctions {
  target: HostCallbacks;
  readonly alloc: Ptr;
  readonly now: Ptr;
  readonly charge: Ptr;
  readonly hook: Ptr;
}

/** The JS side of a set-up VM: where things are in its memory. */
export interface VmLayout extends MarshalBuffers {
  L: State;
  ar: Ptr;
  refs: PreludeRefs;
  /** Bytes the Lua heap held when set up. */
  memUsed: number;
}

interface Template {
  layout: VmLayout;
  /** Memory size when the template was taken. */
  memoryBytes: number;
  /** Pages (at byte offset) that differ from a freshly started instance. */
  pages: { at: number; bytes: Uint8Array }[];
}

const PAGE = 4096;
/** Distinct module sets kept per wasm (the page's editor, a run, a test suite): a small bound. */
const MAX_TEMPLATES = 8;

/** Install the host functions, always in this order, so every instance has them at the same indices. */
export function installHost(rt: LuaRuntime): HostFunctions {
  const host = {
    target: null as unknown as HostCallbacks,
    alloc: 0,
    now: 0,
    charge: 0,
    hook: 0,
  };
  const [alloc, now, charge, hook] = rt.addFunctions([
    { fn: (_ud, ptr, osize, nsize) => host.target.alloc(ptr!, osize!, nsize!), sig: 'iiiii' },
    { fn: (Ls) => host.target.now(Ls!), sig: 'ii' },
    { fn: (Ls) => host.target.charge(Ls!), sig: 'ii' },
    {
      fn: (Lh) => {
        host.target.hook(Lh!);
        return undefined;
      },
      sig: 'vii',
    },
  ]);
  host.alloc = alloc!;
  host.now = now!;
  host.charge = charge!;
  host.hook = hook!;
  return host;
}

/** An allocator that only counts, for setting a VM up (no limit: the host's own work must not fail). */
class SetupHeap implements HostCallbacks {
  memUsed = 0;
  constructor(private readonly rt: LuaRuntime) {}
  alloc(ptr: Ptr, osize: number, nsize: number): Ptr {
    if (nsize === 0) {
      if (ptr) {
        this.memUsed -= osize;
        this.rt.api.free(ptr);
      }
      return 0;
    }
    const p = this.rt.api.realloc(ptr, nsize);
    if (p) this.memUsed += ptr ? nsize - osize : nsize; // with ptr NULL, osize is a type tag
    return p;
  }
  now(): number {
    throw new Error('LuaVm: the sandbox read the clock while it was being set up');
  }
  charge(): number {
    throw new Error('LuaVm: the sandbox charged work while it was being set up');
  }
  hook(): void {}
}

/**
 * Set a VM up on a fresh instance: Lua state, safe libraries, sandbox (seeded), zk prelude. The
 * order of every allocation here is what fixes the heap, so it does not change lightly.
 */
export function setUp(
  rt: LuaRuntime,
  host: HostFunctions,
  seed: number,
  modules: Record<string, string>,
): VmLayout {
  const api = rt.api;
  const heap = new SetupHeap(rt);
  host.target = heap;
  const buffers: MarshalBuffers = { scratch: api.malloc(4096), scratchSize: 4096, cells: api.malloc(64) };
  const ar = api.malloc(256); // lua_Debug is ~108 bytes on wasm32
  const m = new Marshal(rt, buffers);
  const L = api.lua_newstate(host.alloc, 0);
  if (!L) throw new Error('LuaVm: lua_newstate failed (out of memory)');
  // the safe libraries, opened by hand (no io, os, debug, package)
  api.luaopen_base(L);
  api.lua_settop(L, 0);
  const libs: [string, (L: State) => number][] = [
    ['coroutine', api.luaopen_coroutine],
    ['table', api.luaopen_table],
    ['string', api.luaopen_string],
    ['math', api.luaopen_math],
    ['utf8', api.luaopen_utf8],
  ];
  for (const [name, open] of libs) {
    open(L);
    api.lua_setglobal(L, m.cstr(name));
  }
  // sandbox chunk: (seed, host_now, modules, charge)
  load(rt, m, L, SANDBOX_LUA, '=sandbox');
  api.lua_pushinteger(L, BigInt(seed));
  api.lua_pushcclosure(L, host.now, 0);
  api.lua_createtable(L, 0, Object.keys(modules).length);
  for (const name of Object.keys(modules).sort()) {
    m.pushString(L, name);
    m.pushString(L, modules[name]!);
    api.lua_rawset(L, -3);
  }
  api.lua_pushcclosure(L, host.charge, 0);
  call(rt, m, L, 4, 0);
  // zk bridge prelude: (names) -> { TAG, RAISE, roots, fns, fnids }
  load(rt, m, L, PRELUDE_LUA, '=zk');
  m.push(L, [...ZK_FUNCTIONS], 0);
  call(rt, m, L, 1, 1);
  const ref = (field: string): bigint => {
    api.lua_getfield(L, -1, m.cstr(field));
    return BigInt(api.luaL_ref(L, LUA_REGISTRYINDEX));
  };
  const refs: PreludeRefs = {
    TAG: ref('TAG'),
    RAISE: ref('RAISE'),
    roots: ref('roots'),
    fns: ref('fns'),
    fnids: ref('fnids'),
  };
  api.lua_settop(L, 0);
  return {
    L,
    ar,
    refs,
    memUsed: heap.memUsed,
    scratch: m.scratch,
    scratchSize: m.scratchSize,
    cells: m.cells,
  };
}

function load(rt: LuaRuntime, m: Marshal, L: State, source: string, chunkName: string): void {
  const api = rt.api;
  const bytes = new TextEncoder().encode(source);
  const buf = api.malloc(bytes.length + 1);
  rt.HEAPU8.set(bytes, buf);
  const name = api.malloc(chunkName.length * 3 + 1); // as the VM's loader sizes it: the heap's layout depends on it
  const mode = api.malloc(2);
  const heap = rt.HEAPU8;
  for (let i = 0; i < chunkName.length; i++) heap[name + i] = chunkName.charCodeAt(i);
  heap[name + chunkName.length] = 0;
  heap[mode] = 't'.charCodeAt(0);
  heap[mode + 1] = 0;
  try {
    if (api.luaL_loadbufferx(L, buf, bytes.length, name, mode) !== LUA_OK)
      throw new Error(`LuaVm: ${chunkName.slice(1)} failed to load: ${m.readString(L, -1)}`);
  } finally {
    api.free(buf);
    api.free(name);
    api.free(mode);
  }
}

function call(rt: LuaRuntime, m: Marshal, L: State, nargs: number, nresults: number): void {
  if (rt.api.lua_pcallk(L, nargs, nresults, 0, 0, 0) !== LUA_OK)
    throw new Error(`LuaVm: setup failed: ${m.readString(L, -1)}`);
}

const templates = new Map<WasmSource, Map<string, Promise<Template>>>();

/** A module set's key: its names and sources (a run hands the same object to every VM: kept). */
const moduleKeys = new WeakMap<Record<string, string>, string>();
function moduleKey(modules: Record<string, string>): string {
  let key = moduleKeys.get(modules);
  if (key === undefined) {
    key = JSON.stringify(
      Object.keys(modules)
        .sort()
        .map((k) => [k, modules[k]]),
    );
    moduleKeys.set(modules, key);
  }
  return key;
}

async function makeTemplate(source: WasmSource, modules: Record<string, string>): Promise<Template> {
  const rt = await instantiateLua(source);
  const host = installHost(rt);
  const fresh = rt.HEAPU8.slice();
  const layout = setUp(rt, host, 0, modules);
  const now = rt.HEAPU8;
  const pages: Template['pages'] = [];
  for (let at = 0; at < now.length; at += PAGE) {
    const end = Math.min(at + PAGE, now.length);
    let same = end <= fresh.length;
    for (let i = at; same && i < end; i++) same = now[i] === fresh[i];
    if (!same) pages.push({ at, bytes: now.slice(at, end) });
  }
  return { layout, memoryBytes: now.length, pages };
}

function templateFor(source: WasmSource, modules: Record<string, string>): Promise<Template> {
  let bySource = templates.get(source);
  if (!bySource) {
    bySource = new Map();
    templates.set(source, bySource);
  }
  const key = moduleKey(modules);
  let t = bySource.get(key);
  if (!t) {
    if (bySource.size >= MAX_TEMPLATES) bySource.delete(bySource.keys().next().value!);
    t = makeTemplate(source, modules);
    bySource.set(key, t);
    t.catch(() => bySource.delete(key));
  }
  return t;
}

/**
 * A new instance holding a set-up VM seeded with `seed`. `fresh` sets it up from nothing instead of
 * copying the template (the tests compare the two; nothing else needs it).
 */
export async function startVm(
  source: WasmSource,
  seed: number,
  modules: Record<string, string>,
  fresh = false,
): Promise<{ rt: LuaRuntime; host: HostFunctions; layout: VmLayout }> {
  if (fresh) {
    const rt = await instantiateLua(source);
    const host = installHost(rt);
    return { rt, host, layout: setUp(rt, host, seed, modules) };
  }
  const template = await templateFor(source, modules);
  const rt = await instantiateLua(source);
  const host = installHost(rt);
  if (!rt.reserve(template.memoryBytes)) throw new Error('LuaVm: out of host memory');
  const heap = rt.HEAPU8;
  for (const p of template.pages) heap.set(p.bytes, p.at);
  const layout = { ...template.layout };
  const heap2 = new SetupHeap(rt);
  heap2.memUsed = layout.memUsed;
  host.target = heap2;
  reseed(rt, layout, seed);
  layout.memUsed = heap2.memUsed;
  return { rt, host, layout };
}

/** math.randomseed(seed) through the sandbox's wrapper: no allocation, the generator set from the seed. */
function reseed(rt: LuaRuntime, layout: VmLayout, seed: number): void {
  const api = rt.api;
  const m = new Marshal(rt, layout);
  const L = layout.L;
  api.lua_getglobal(L, m.cstr('math'));
  api.lua_getfield(L, -1, m.cstr('randomseed'));
  api.lua_pushinteger(L, BigInt(seed));
  if (api.lua_pcallk(L, 1, 0, 0, 0, 0) !== LUA_OK)
    throw new Error(`LuaVm: reseeding failed: ${m.readString(L, -1)}`);
  api.lua_settop(L, 0);
}
