// Marshalling between JS values and a Lua stack: plain data only (nil, booleans, numbers, strings,
// arrays, string-keyed tables) plus registered Lua functions as { $fn: id }. No JS object ever
// enters Lua; a Lua value that is not plain data is refused with a MarshalError, which the VM
// raises at the script's call.
import type { LuaValue } from './types.ts';
import {
  LUA_REGISTRYINDEX,
  type LuaApi,
  type LuaRuntime,
  T_BOOLEAN,
  T_FUNCTION,
  T_NIL,
  T_NUMBER,
  T_STRING,
  T_TABLE,
  TYPE_NAMES,
} from './wasm-runtime.ts';

type Ptr = number;
type State = number;

const MAX_DEPTH = 32;

/** A value the script passed that cannot become plain data; raised as a Lua error at the call. */
export class MarshalError extends Error {}

/** Registry slots of the prelude's private objects (bigint: lua_rawgeti takes a lua_Integer). */
export interface PreludeRefs {
  TAG: bigint;
  RAISE: bigint;
  roots: bigint;
  fns: bigint;
  fnids: bigint;
}

/** Host buffers in the wasm heap: where a VM's template left them (vm-template.ts). */
export interface MarshalBuffers {
  scratch: Ptr;
  scratchSize: number;
  /** Out-parameters (size_t / int) of lua_tolstring and lua_resume. */
  cells: Ptr;
}

/** Object shapes whose sorted keys are kept: replies repeat a few (a Stat, a watch event, an ACL). */
const KEY_ORDERS = 8;

/**
 * The sorted keys of an object pushed to Lua, remembered per shape (the keys in insertion order):
 * a Stat's 11 keys were sorted on every reply. Keys are pushed sorted so that the Lua table, hence
 * its `pairs` order, does not depend on the order the host built the object in.
 */
class KeyOrder {
  private readonly shapes: { keys: string[]; sorted: string[] }[] = [];

  of(v: object): string[] {
    const keys = Object.keys(v);
    const shapes = this.shapes;
    for (let i = 0; i < shapes.length; i++) {
      const s = shapes[i]!;
      if (sameKeys(s.keys, keys)) return s.sorted;
    }
    const sorted = [...keys].sort();
    if (shapes.length === KEY_ORDERS) shapes.pop();
    shapes.unshift({ keys, sorted });
    return sorted;
  }
}

function sameKeys(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false });

export class Marshal {
  private readonly api: LuaApi;
  scratch: Ptr;
  scratchSize: number;
  readonly cells: Ptr;
  /** Bytes of strings passed from Lua to the host at this instant (the VM's budget reads and resets it). */
  bytesOut = 0;
  nextFnId = 1;
  refs: PreludeRefs = { TAG: 0n, RAISE: 0n, roots: 0n, fns: 0n, fnids: 0n };
  private readonly keyOrder = new KeyOrder();

  constructor(
    private readonly rt: LuaRuntime,
    buffers: MarshalBuffers,
  ) {
    this.api = rt.api;
    this.scratch = buffers.scratch;
    this.scratchSize = buffers.scratchSize;
    this.cells = buffers.cells;
  }

  /** NUL-terminated ASCII name in the scratch buffer (valid until the next scratch use). */
  cstr(s: string): Ptr {
    const m = this.rt.HEAPU8;
    for (let i = 0; i < s.length; i++) m[this.scratch + i] = s.charCodeAt(i);
    m[this.scratch + s.length] = 0;
    return this.scratch;
  }

  /** The resume's result count (lua_resume's out-parameter). */
  cell(): number {
    return this.rt.HEAPU32[this.cells >> 2]!;
  }

  isTag(Ls: State, idx: number): boolean {
    const api = this.api;
    if (api.lua_type(Ls, idx) !== T_TABLE) return false;
    api.lua_rawgeti(Ls, LUA_REGISTRYINDEX, this.refs.TAG);
    const eq = api.lua_rawequal(Ls, idx, -1);
    api.lua_settop(Ls, -2);
    return eq !== 0;
  }

  // ---- JS -> Lua -----------------------------------------------------------------------------

  pushString(Ls: State, s: string): void {
    const need = s.length * 3;
    if (need > this.scratchSize) {
      this.api.free(this.scratch);
      this.scratchSize = Math.max(need, this.scratchSize * 2);
      this.scratch = this.api.malloc(this.scratchSize);
      if (!this.scratch) throw new Error('LuaVm: out of host memory');
    }
    // ASCII (most names, paths and data) is copied as is; anything else goes through the encoder.
    const m = this.rt.HEAPU8;
    const base = this.scratch;
    let i = 0;
    for (; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) break;
      m[base + i] = c;
    }
    let written = i;
    if (i < s.length) written += encoder.encodeInto(s.slice(i), m.subarray(base + i, base + need)).written;
    this.api.lua_pushlstring(Ls, base, written);
  }

  pushNumber(Ls: State, n: number): void {
    if (Number.isSafeInteger(n)) this.api.lua_pushinteger(Ls, BigInt(n));
    else this.api.lua_pushnumber(Ls, n);
  }

  push(Ls: State, v: LuaValue | undefined, depth: number): void {
    const api = this.api;
    if (depth > MAX_DEPTH) throw new Error('LuaVm: value nested too deeply to pass to Lua');
    if (v === null || v === undefined) api.lua_pushnil(Ls);
    else if (typeof v === 'boolean') api.lua_pushboolean(Ls, v ? 1 : 0);
    else if (typeof v === 'number') this.pushNumber(Ls, v);
    else if (typeof v === 'string') this.pushString(Ls, v);
    else if (Array.isArray(v)) {
      api.lua_checkstack(Ls, 4);
      api.lua_createtable(Ls, v.length, 0);
      for (let i = 0; i < v.length; i++) {
        this.push(Ls, v[i], depth + 1);
        api.lua_rawseti(Ls, -2, BigInt(i + 1));
      }
    } else if (typeof v === 'object') {
      const keys = this.keyOrder.of(v);
      if (keys.length === 1 && keys[0] === '$fn' && typeof v['$fn'] === 'number') {
        // a registered function handed back to Lua
        api.lua_checkstack(Ls, 2);
        api.lua_rawgeti(Ls, LUA_REGISTRYINDEX, this.refs.fns);
        api.lua_rawgeti(Ls, -1, BigInt(v['$fn']));
        api.lua_copy(Ls, -1, -2);
        api.lua_settop(Ls, -2);
        return;
      }
      api.lua_checkstack(Ls, 4);
      api.lua_createtable(Ls, 0, keys.length);
      for (const k of keys) {
        this.pushString(Ls, k);
        this.push(Ls, v[k], depth + 1);
        api.lua_rawset(Ls, -3);
      }
    } else {
      throw new Error(`LuaVm: cannot pass a ${typeof v} to Lua`);
    }
  }

  // ---- Lua -> JS -----------------------------------------------------------------------------

  readString(Ls: State, idx: number): string {
    const p = this.api.lua_tolstring(Ls, idx, this.cells);
    const len = this.rt.HEAPU32[this.cells >> 2]!;
    const m = this.rt.HEAPU8;
    // Short ASCII strings (zk function names, paths, keys) without a TextDecoder call.
    if (len <= 64) {
      let s = '';
      for (let i = 0; i < len; i++) {
        const c = m[p + i]!;
        if (c >= 0x80) return decoder.decode(m.subarray(p, p + len));
        s += String.fromCharCode(c);
      }
      return s;
    }
    return decoder.decode(m.subarray(p, p + len));
  }

  readNumber(Ls: State, idx: number): number {
    const api = this.api;
    if (api.lua_isinteger(Ls, idx)) {
      const i = api.lua_tointegerx(Ls, idx, 0);
      if (i > 9007199254740992n || i < -9007199254740992n) {
        throw new MarshalError(`integer ${i} does not fit a JS number (|n| <= 2^53)`);
      }
      return Number(i);
    }
    return api.lua_tonumberx(Ls, idx, 0);
  }

  read(Ls: State, idx: number, depth: number): LuaValue {
    const api = this.api;
    const t = api.lua_type(Ls, idx);
    switch (t) {
      case T_NIL:
        return null;
      case T_BOOLEAN:
        return api.lua_toboolean(Ls, idx) !== 0;
      case T_NUMBER:
        return this.readNumber(Ls, idx);
      case T_STRING: {
        const str = this.readString(Ls, idx);
        this.bytesOut += this.rt.HEAPU32[this.cells >> 2]!;
        return str;
      }
      case T_FUNCTION:
        return { $fn: this.registerFn(Ls, idx) };
      case T_TABLE:
        return this.readTable(Ls, idx, depth);
      default:
        throw new MarshalError(`cannot pass a ${TYPE_NAMES[t] ?? 'unknown'} value to the host`);
    }
  }

  private readTable(Ls: State, idx: number, depth: number): LuaValue {
    const api = this.api;
    if (depth >= MAX_DEPTH)
      throw new MarshalError(`table nested deeper than ${MAX_DEPTH} levels (or cyclic)`);
    if (api.lua_checkstack(Ls, 4) === 0) throw new MarshalError('Lua stack overflow');
    const t = api.lua_absindex(Ls, idx);
    const top = api.lua_gettop(Ls);
    const entries: [string, LuaValue][] = [];
    const items: LuaValue[] = [];
    let maxIndex = 0;
    let count = 0;
    api.lua_pushnil(Ls);
    try {
      while (api.lua_next(Ls, t) !== 0) {
        const kt = api.lua_type(Ls, -2);
        if (kt === T_STRING) {
          const key = this.readString(Ls, -2);
          if (key === '$fn') throw new MarshalError("table key '$fn' is reserved");
          entries.push([key, this.read(Ls, api.lua_gettop(Ls), depth + 1)]);
        } else if (kt === T_NUMBER && api.lua_isinteger(Ls, -2)) {
          const k = api.lua_tointegerx(Ls, -2, 0);
          if (k < 1n || k > 0x7fffffffn) throw new MarshalError(`table key ${k} is not an array index`);
          const i = Number(k);
          items[i - 1] = this.read(Ls, api.lua_gettop(Ls), depth + 1);
          if (i > maxIndex) maxIndex = i;
          count++;
        } else {
          throw new MarshalError(`table keys must be strings or array indices, not ${TYPE_NAMES[kt] ?? '?'}`);
        }
        api.lua_settop(Ls, -2);
      }
    } catch (e) {
      api.lua_settop(Ls, top); // drop the iteration key and value
      throw e;
    }
    if (count > 0 && entries.length > 0) throw new MarshalError('table mixes array items and string keys');
    if (count > 0) {
      if (maxIndex !== count) throw new MarshalError('array has holes (nil items)');
      return items;
    }
    if (entries.length === 0) return [];
    entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return Object.fromEntries(entries);
  }

  /** id of the function at idx, registering it on first sight (same function, same id). */
  private registerFn(Ls: State, idx: number): number {
    const api = this.api;
    const f = api.lua_absindex(Ls, idx);
    api.lua_checkstack(Ls, 4);
    api.lua_rawgeti(Ls, LUA_REGISTRYINDEX, this.refs.fnids);
    api.lua_pushvalue(Ls, f);
    if (api.lua_rawget(Ls, -2) === T_NUMBER) {
      const id = Number(api.lua_tointegerx(Ls, -1, 0));
      api.lua_settop(Ls, -3);
      return id;
    }
    api.lua_settop(Ls, -2); // fnids on top
    const id = this.nextFnId++;
    api.lua_pushvalue(Ls, f);
    api.lua_pushinteger(Ls, BigInt(id));
    api.lua_rawset(Ls, -3); // fnids[f] = id
    api.lua_rawgeti(Ls, LUA_REGISTRYINDEX, this.refs.fns);
    api.lua_pushvalue(Ls, f);
    api.lua_rawseti(Ls, -2, BigInt(id)); // fns[id] = f
    api.lua_settop(Ls, -3);
    return id;
  }
}
