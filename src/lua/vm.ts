// Lua VM host: one wasmoon (PUC-Rio Lua 5.4 in WebAssembly) instance per client VM, driven through
// the raw C API exports. No doString/await, no JS proxies, no JS objects inside Lua.
//
// Determinism: this file reads no clock, no Math.random, no timer. It *pins* Date.now while the
// Lua state is created, because Lua 5.4 seeds its string hash from time(NULL) and addresses; with
// a fresh wasm instance per VM the addresses are identical too, so `pairs` order is reproducible.

import { LUA_REGISTRYINDEX, LuaWasm } from 'wasmoon';
import { PRELUDE_LUA, SANDBOX_LUA, ZK_FUNCTIONS, type ZkFunctionName } from './lua-source.ts';
import type {
  LuaErrorReason,
  LuaErrorStep,
  LuaStep,
  LuaTask,
  LuaTaskState,
  LuaValue,
  LuaVm,
  LuaVmOptions,
  WasmSource,
} from './types.ts';

/**
 * Units of work a script may spend at one virtual instant (docs/lua.md, "Work budget"). Every
 * count below is deterministic (no clock): instructions, zk calls, bytes, matching steps.
 */
export const DEFAULT_INSTRUCTION_BUDGET = 5_000_000;
export const DEFAULT_MEMORY_LIMIT = 32 * 1024 * 1024;
/** The count hook fires every HOOK_EVERY VM instructions (or every `budget`, if smaller). */
export const HOOK_EVERY = 1000;
/** Units per zk call: a round trip through the host costs about as much as ~1,000 instructions,
 *  and a call that takes no virtual time (zk.now, print, sleep(0)) must not be free. */
export const ZK_CALL_UNITS = 500;
/** Bytes the Lua heap grows by per unit: a copy the count hook never sees (`s:rep(n)`, `a .. b`). */
export const ALLOC_BYTES_PER_UNIT = 64;
const MAX_DEPTH = 32;
/** Offsets in lua_Debug (Lua 5.4, wasm32: 4-byte int, pointers and size_t): source, srclen, currentline. */
const AR_SOURCE = 16;
const AR_SRCLEN = 20;
const AR_CURRENTLINE = 24;
const PINNED_EPOCH_MS = 0;

// lua.h constants
const LUA_OK = 0;
const LUA_YIELD = 1;
const LUA_ERRSYNTAX = 3;
const LUA_ERRMEM = 4;
const T_NIL = 0;
const T_BOOLEAN = 1;
const T_NUMBER = 3;
const T_STRING = 4;
const T_TABLE = 5;
const T_FUNCTION = 6;
const MASK_COUNT = 8;
const TYPE_NAMES = [
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

type Ptr = number;
type State = number;

/** The raw exports of wasmoon's emscripten module that this host uses. */
interface RawLua {
  HEAPU8: Uint8Array;
  HEAPU32: Uint32Array;
  _malloc(size: number): Ptr;
  _free(p: Ptr): void;
  _realloc(p: Ptr, size: number): Ptr;
  addFunction(fn: (...args: number[]) => number | undefined, signature: string): Ptr;
  removeFunction(p: Ptr): void;
  _lua_newstate(alloc: Ptr, ud: Ptr): State;
  _lua_close(L: State): void;
  _lua_newthread(L: State): State;
  _lua_resetthread(L: State): number;
  _lua_resume(L: State, from: State, nargs: number, nresults: Ptr): number;
  _lua_gettop(L: State): number;
  _lua_settop(L: State, idx: number): void;
  _lua_pushvalue(L: State, idx: number): void;
  _lua_copy(L: State, from: number, to: number): void;
  _lua_xmove(from: State, to: State, n: number): void;
  _lua_checkstack(L: State, n: number): number;
  _lua_absindex(L: State, idx: number): number;
  _lua_type(L: State, idx: number): number;
  _lua_toboolean(L: State, idx: number): number;
  _lua_isinteger(L: State, idx: number): number;
  _lua_tonumberx(L: State, idx: number, isnum: Ptr): number;
  _lua_tointegerx(L: State, idx: number, isnum: Ptr): bigint;
  _lua_tolstring(L: State, idx: number, len: Ptr): Ptr;
  _lua_tothread(L: State, idx: number): State;
  _lua_rawequal(L: State, a: number, b: number): number;
  _lua_next(L: State, idx: number): number;
  _lua_pushnil(L: State): void;
  _lua_pushnumber(L: State, n: number): void;
  _lua_pushinteger(L: State, n: bigint): void;
  _lua_pushlstring(L: State, s: Ptr, len: number): Ptr;
  _lua_pushboolean(L: State, b: number): void;
  _lua_pushcclosure(L: State, fn: Ptr, n: number): void;
  _lua_createtable(L: State, narr: number, nrec: number): void;
  _lua_rawget(L: State, idx: number): number;
  _lua_rawgeti(L: State, idx: number, n: bigint): number;
  _lua_rawset(L: State, idx: number): void;
  _lua_rawseti(L: State, idx: number, n: bigint): void;
  _lua_getfield(L: State, idx: number, k: Ptr): number;
  _lua_setglobal(L: State, name: Ptr): void;
  _lua_pcallk(L: State, nargs: number, nres: number, errfunc: number, ctx: number, k: Ptr): number;
  _luaL_loadbufferx(L: State, buf: Ptr, size: number, name: Ptr, mode: Ptr): number;
  _luaL_ref(L: State, t: number): number;
  _luaL_unref(L: State, t: number, ref: number): void;
  _luaL_where(L: State, level: number): void;
  _luaL_traceback(L: State, L1: State, msg: Ptr, level: number): void;
  _lua_getstack(L: State, level: number, ar: Ptr): number;
  _lua_getinfo(L: State, what: Ptr, ar: Ptr): number;
  _lua_sethook(L: State, fn: Ptr, mask: number, count: number): void;
  _lua_yieldk(L: State, nresults: number, ctx: number, k: Ptr): number;
  _lua_isyieldable(L: State): number;
  _lua_error(L: State): number;
  _luaopen_base(L: State): number;
  _luaopen_coroutine(L: State): number;
  _luaopen_table(L: State): number;
  _luaopen_string(L: State): number;
  _luaopen_math(L: State): number;
  _luaopen_utf8(L: State): number;
}

/** A value the script passed that cannot become plain data; raised as a Lua error at the call. */
class MarshalError extends Error {}

/** 12345678 -> "12345678"; astronomically large bounds in exponent form (1.7e+46). */
function formatSteps(n: number): string {
  return n < 1e15 ? String(Math.ceil(n)) : n.toPrecision(2);
}

/**
 * The C environment emscripten copies into the wasm heap at startup. Its defaults depend on the
 * host (process.argv[1] in Node, navigator.languages in a browser), and a different size shifts
 * every later heap address, hence Lua's string-hash seed and `pairs` order. Fix every variable.
 */
const FIXED_ENV = {
  USER: 'lua',
  LOGNAME: 'lua',
  PATH: '/',
  PWD: '/',
  HOME: '/',
  LANG: 'C.UTF-8',
  _: 'lua',
};

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false });

/** Create a sandboxed Lua VM in its own wasm instance. */
export async function createLuaVm(wasm: WasmSource, opts: LuaVmOptions): Promise<LuaVm> {
  const luaWasm = await LuaWasm.initialize(wasm, FIXED_ENV);
  return new Vm(luaWasm.module as unknown as RawLua, opts);
}

interface TaskRec {
  id: number;
  state: LuaTaskState;
  thread: State;
  ref: number;
  nargs: number; // values pushed for the first resume
}

class Task implements LuaTask {
  constructor(
    private readonly vm: Vm,
    readonly rec: TaskRec,
  ) {}
  get id(): number {
    return this.rec.id;
  }
  get state(): LuaTaskState {
    return this.rec.state;
  }
  start(): LuaStep {
    return this.vm.startTask(this.rec);
  }
  resume(results: LuaValue[]): LuaStep {
    return this.vm.resumeTask(this.rec, results, null);
  }
  raise(message: string): LuaStep {
    return this.vm.resumeTask(this.rec, [], message);
  }
  line(): number | null {
    return this.vm.suspendedLine(this.rec);
  }
}

class Vm implements LuaVm {
  private readonly L: State;
  private userChunk = 'client.lua';
  private memUsed = 0;
  /** The memory limit applies while Lua code runs (and user chunks compile); host bookkeeping
   *  outside protected calls must never fail an allocation (that would be a Lua panic). */
  private enforce = false;
  /** Size of the last refused allocation: Lua retries once after an emergency full GC; a second
   *  refusal of the same size means the heap is full of live data. */
  private lastRefused = -1;
  /** The heap is full even after a full collection: the VM stops at the next chance (sticky). */
  private oom = false;
  private readonly memLimit: number;
  private readonly budget: number;
  /** Instructions per count hook. */
  private every = HOOK_EVERY;
  /** Work at the current virtual instant (`instantAt`); reset when the host's clock has moved. */
  private instantAt = Number.NaN;
  private instructions = 0;
  private zkCalls = 0;
  private bytesOut = 0;
  private allocated = 0;
  private matching = 0;
  private readonly fnPtrs: Ptr[] = [];
  private hookPtr: Ptr = 0;
  private scratch: Ptr;
  private scratchSize = 4096;
  private readonly cells: Ptr; // out-parameters (size_t / int) of lua_tolstring and lua_resume
  private readonly ar: Ptr;
  /** Registry slots of the prelude's private objects (bigint: lua_rawgeti takes a lua_Integer). */
  private readonly refs: { TAG: bigint; RAISE: bigint; roots: bigint; fns: bigint; fnids: bigint };
  private nextFnId = 1;
  private nextTaskId = 0;
  private mainTask: Task | null = null;
  private closed = false;
  fatal: LuaErrorStep | null = null;

  constructor(
    private readonly raw: RawLua,
    private readonly opts: LuaVmOptions,
  ) {
    if (!Number.isSafeInteger(opts.seed))
      throw new Error(`LuaVm: seed must be a safe integer, got ${opts.seed}`);
    this.memLimit = opts.memoryLimitBytes ?? DEFAULT_MEMORY_LIMIT;
    this.budget = opts.instructionBudget ?? DEFAULT_INSTRUCTION_BUDGET;
    this.scratch = raw._malloc(this.scratchSize);
    this.cells = raw._malloc(64);
    this.ar = raw._malloc(256); // lua_Debug is ~108 bytes on wasm32
    const alloc = raw.addFunction((_ud, ptr, osize, nsize) => this.alloc(ptr!, osize!, nsize!), 'iiiii');
    this.fnPtrs.push(alloc);

    // Lua 5.4's luai_makeseed mixes time(NULL) into the string-hash seed (and math.random's default
    // seed): pin the clock the wasm sees while the state is created and the libraries opened.
    const realNow = Date.now;
    Date.now = () => PINNED_EPOCH_MS;
    let L: State;
    try {
      L = raw._lua_newstate(alloc, 0);
      if (!L) throw new Error('LuaVm: lua_newstate failed (out of memory)');
      // open the safe libraries by hand (1.16.0's loadLibrary(UTF8) opens string instead)
      raw._luaopen_base(L);
      raw._lua_settop(L, 0);
      const libs: [string, (L: State) => number][] = [
        ['coroutine', raw._luaopen_coroutine],
        ['table', raw._luaopen_table],
        ['string', raw._luaopen_string],
        ['math', raw._luaopen_math],
        ['utf8', raw._luaopen_utf8],
      ];
      for (const [name, open] of libs) {
        open(L);
        raw._lua_setglobal(L, this.cstr(name));
      }
    } finally {
      Date.now = realNow;
    }
    this.L = L;

    // sandbox chunk: (seed, host_now, modules)
    const nowFn = raw.addFunction((Ls) => {
      this.pushNumber(Ls!, this.opts.now());
      return 1;
    }, 'ii');
    this.fnPtrs.push(nowFn);
    // charge(steps, what, subjectBytes) -> false once the instant's budget is spent (the sandbox's
    // string-pattern wrappers charge the matcher's bound before calling C; charge(0) only asks)
    const chargeFn = raw.addFunction((Ls) => {
      raw._lua_pushboolean(Ls!, this.charge(Ls!) ? 1 : 0);
      return 1;
    }, 'ii');
    this.fnPtrs.push(chargeFn);
    this.loadInternal(SANDBOX_LUA, '=sandbox');
    raw._lua_pushinteger(L, BigInt(opts.seed));
    raw._lua_pushcclosure(L, nowFn, 0);
    const modules = opts.modules ?? {};
    raw._lua_createtable(L, 0, Object.keys(modules).length);
    for (const name of Object.keys(modules).sort()) {
      this.pushString(L, name);
      this.pushString(L, modules[name]!);
      raw._lua_rawset(L, -3);
    }
    raw._lua_pushcclosure(L, chargeFn, 0);
    this.callInternal(4, 0);

    // zk bridge prelude: (names) -> { TAG, RAISE, roots, fns, fnids }
    this.loadInternal(PRELUDE_LUA, '=zk');
    this.push(L, [...ZK_FUNCTIONS], 0);
    this.callInternal(1, 1);
    const ref = (field: string): bigint => {
      raw._lua_getfield(L, -1, this.cstr(field));
      return BigInt(raw._luaL_ref(L, LUA_REGISTRYINDEX));
    };
    this.refs = {
      TAG: ref('TAG'),
      RAISE: ref('RAISE'),
      roots: ref('roots'),
      fns: ref('fns'),
      fnids: ref('fnids'),
    };
    raw._lua_settop(L, 0);

    if (this.budget !== Number.POSITIVE_INFINITY) {
      if (!(this.budget > 0)) throw new Error(`LuaVm: instructionBudget must be > 0, got ${this.budget}`);
      const every = Math.max(1, Math.min(HOOK_EVERY, Math.floor(this.budget)));
      this.every = every;
      this.hookPtr = raw.addFunction((Lh) => {
        this.hook(Lh!);
        return undefined;
      }, 'vii');
      this.fnPtrs.push(this.hookPtr);
      // threads created later (tasks, user coroutines) inherit the hook from L
      raw._lua_sethook(L, this.hookPtr, MASK_COUNT, every);
    }
  }

  // ---- public API -------------------------------------------------------------------------

  get main(): LuaTask | null {
    return this.mainTask;
  }

  load(source: string, chunkName = 'client.lua'): LuaErrorStep | null {
    this.assertOpen();
    if (this.mainTask) throw new Error('LuaVm.load: a script is already loaded');
    if (this.fatal) return this.fatal;
    const name = chunkName.startsWith('=') || chunkName.startsWith('@') ? chunkName.slice(1) : chunkName;
    this.userChunk = name;
    const { raw, L } = this;
    this.enforce = true;
    const status = this.loadBuffer(L, source, `=${name}`);
    this.enforce = false;
    if (status !== LUA_OK) {
      const message = this.errorMessage(L, -1);
      raw._lua_settop(L, 0);
      const reason: LuaErrorReason = status === LUA_ERRMEM ? 'memory' : 'syntax';
      const step: LuaErrorStep = { kind: 'error', message, line: this.lineFromMessage(message), reason };
      if (status !== LUA_ERRSYNTAX) this.fatal = step;
      return step;
    }
    this.mainTask = new Task(this, this.newTask(0));
    return null;
  }

  start(): LuaStep {
    return this.requireMain().start();
  }
  resume(results: LuaValue[]): LuaStep {
    return this.requireMain().resume(results);
  }
  raise(message: string): LuaStep {
    return this.requireMain().raise(message);
  }

  spawn(fnId: number, args: LuaValue[]): LuaTask {
    this.assertOpen();
    const { raw, L } = this;
    if (this.fatal) {
      return new Task(this, { id: this.nextTaskId++, state: 'new', thread: 0, ref: -1, nargs: 0 });
    }
    raw._lua_rawgeti(L, LUA_REGISTRYINDEX, this.refs.fns);
    const t = raw._lua_rawgeti(L, -1, BigInt(fnId));
    if (t !== T_FUNCTION) {
      raw._lua_settop(L, 0);
      throw new Error(`LuaVm.spawn: no registered function ${fnId}`);
    }
    raw._lua_checkstack(L, args.length + 4);
    for (const a of args) this.push(L, a, 0);
    const rec = this.newTask(args.length); // moves function + args from L onto the new thread
    raw._lua_settop(L, 0);
    return new Task(this, rec);
  }

  release(fnId: number): void {
    this.assertOpen();
    const { raw, L } = this;
    raw._lua_rawgeti(L, LUA_REGISTRYINDEX, this.refs.fns); // 1
    raw._lua_rawgeti(L, LUA_REGISTRYINDEX, this.refs.fnids); // 2
    if (raw._lua_rawgeti(L, 1, BigInt(fnId)) === T_FUNCTION) {
      raw._lua_pushnil(L);
      raw._lua_rawset(L, 2); // fnids[fn] = nil
      raw._lua_pushnil(L);
      raw._lua_rawseti(L, 1, BigInt(fnId)); // fns[id] = nil
    }
    raw._lua_settop(L, 0);
  }

  memoryUsed(): number {
    return this.memUsed;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.raw._lua_close(this.L);
    } catch {
      // a crashed instance may not close cleanly; it is garbage either way
    }
    for (const p of this.fnPtrs) this.raw.removeFunction(p);
    this.raw._free(this.scratch);
    this.raw._free(this.cells);
    this.raw._free(this.ar);
  }

  // ---- tasks ------------------------------------------------------------------------------

  /** Create a host-driven thread and move the function (+ nargs args) from L's top onto it. */
  private newTask(nargs: number): TaskRec {
    const { raw, L } = this;
    const T = raw._lua_newthread(L); // pushes the thread on L
    // roots[T] = true
    raw._lua_rawgeti(L, LUA_REGISTRYINDEX, this.refs.roots);
    raw._lua_pushvalue(L, -2);
    raw._lua_pushboolean(L, 1);
    raw._lua_rawset(L, -3);
    raw._lua_settop(L, -2);
    const ref = raw._luaL_ref(L, LUA_REGISTRYINDEX); // pops the thread; anchors it
    raw._lua_checkstack(T, nargs + 4);
    raw._lua_xmove(L, T, nargs + 1);
    return { id: this.nextTaskId++, state: 'new', thread: T, ref, nargs };
  }

  startTask(rec: TaskRec): LuaStep {
    this.assertOpen();
    if (this.fatal) return this.fatal;
    if (rec.state !== 'new') throw new Error(`LuaVm: task ${rec.id} is ${rec.state}, it cannot start`);
    return this.guard(() => this.run(rec, rec.nargs));
  }

  /** A JS exception out of the wasm (abort, out-of-bounds) means this instance is broken: stop it. */
  private guard(body: () => LuaStep): LuaStep {
    try {
      return body();
    } catch (e) {
      if (e instanceof Error && e.message.startsWith('LuaVm:')) throw e; // host misuse
      return this.die({
        kind: 'error',
        message: `Lua VM crashed: ${e instanceof Error ? e.message : String(e)}`,
        line: null,
        reason: 'runtime',
      });
    }
  }

  resumeTask(rec: TaskRec, results: LuaValue[], raiseMessage: string | null): LuaStep {
    this.assertOpen();
    if (this.fatal) return this.fatal;
    if (rec.state !== 'waiting')
      throw new Error(`LuaVm: task ${rec.id} is ${rec.state}, not waiting for a reply`);
    return this.guard(() => this.reply(rec, results, raiseMessage));
  }

  private reply(rec: TaskRec, results: LuaValue[], raiseMessage: string | null): LuaStep {
    const { raw } = this;
    const T = rec.thread;
    if (raw._lua_checkstack(T, results.length + 4) === 0) {
      return this.die({
        kind: 'error',
        message: 'reply too large for the Lua stack',
        line: null,
        reason: 'memory',
      });
    }
    let n: number;
    if (raiseMessage !== null) {
      raw._lua_rawgeti(T, LUA_REGISTRYINDEX, this.refs.RAISE);
      this.pushString(T, raiseMessage);
      n = 2;
    } else {
      for (const r of results) this.push(T, r, 0);
      n = results.length;
    }
    return this.run(rec, n);
  }

  /** Resume the task's thread with nargs values on its stack; translate what comes back. */
  private run(rec: TaskRec, firstArgs: number): LuaStep {
    const { raw } = this;
    const T = rec.thread;
    this.enterInstant();
    let nargs = firstArgs;
    let status: number;
    let nres: number;
    // A loop, not recursion: a script may retry a call the host refuses (pcall(zk.create, "/x",
    // {1, x = 1})) any number of times; each refusal is one more round here, charged like a call.
    for (;;) {
      try {
        this.enforce = true;
        status = raw._lua_resume(T, 0, nargs, this.cells);
      } finally {
        this.enforce = false;
      }
      nres = raw.HEAPU32[this.cells >> 2]!;
      if (this.fatal) return this.die(this.fatal);
      if (this.oom) {
        // the script caught the memory error (pcall) and went on: stop it anyway
        const line = this.lineFromStack(T);
        const where = line === null ? '' : `${this.userChunk}:${line}: `;
        return this.die({ kind: 'error', message: where + this.oomMessage(), line, reason: 'memory' });
      }
      if (status !== LUA_YIELD) break;
      const base = raw._lua_gettop(T) - nres;
      if (!(nres >= 2 && this.isTag(T, base + 1) && raw._lua_type(T, base + 2) === T_STRING)) {
        // cannot happen through the sandboxed coroutine library; be strict anyway
        raw._lua_settop(T, base);
        return this.failTask(rec, {
          kind: 'error',
          message: 'attempt to yield from outside a coroutine',
          line: null,
          reason: 'runtime',
        });
      }
      const name = this.readString(T, base + 2) as ZkFunctionName;
      this.zkCalls++;
      const args: LuaValue[] = [];
      let refused: string | null = null;
      try {
        for (let i = base + 3; i <= base + nres; i++) args.push(this.read(T, i, 0));
      } catch (e) {
        if (!(e instanceof MarshalError)) throw e;
        refused = `zk.${name}: ${e.message}`;
      }
      // Checked before the host sees the call: a call that takes no virtual time must not be a way
      // around the budget (while true do zk.now() end).
      if (this.spent() > this.budget) return this.die(this.budgetStep(T, null));
      raw._lua_settop(T, base);
      if (refused === null) {
        rec.state = 'waiting';
        return { kind: 'call', name, args };
      }
      raw._lua_rawgeti(T, LUA_REGISTRYINDEX, this.refs.RAISE);
      this.pushString(T, refused);
      nargs = 2;
    }
    if (status === LUA_OK) {
      this.finishTask(rec, 'done');
      return { kind: 'done' };
    }
    // error: the thread's stack is not unwound, so we can still walk it for the line
    const message = this.errorMessage(T, -1);
    const line = this.lineFromMessage(message) ?? this.lineFromStack(T);
    const traceback = this.traceback(T);
    const memory = status === LUA_ERRMEM || message === 'not enough memory';
    const located = memory && line !== null && !message.startsWith(`${this.userChunk}:`);
    const step: LuaErrorStep = {
      kind: 'error',
      message: located ? `${this.userChunk}:${line}: ${message}` : message,
      line,
      reason: memory ? 'memory' : 'runtime',
    };
    if (traceback) step.traceback = traceback;
    if (memory) return this.die(step);
    return this.failTask(rec, step);
  }

  private failTask(rec: TaskRec, step: LuaErrorStep): LuaErrorStep {
    this.finishTask(rec, 'failed');
    return step;
  }

  private finishTask(rec: TaskRec, state: LuaTaskState): void {
    rec.state = state;
    this.raw._lua_settop(rec.thread, 0);
    this.raw._luaL_unref(this.L, LUA_REGISTRYINDEX, rec.ref);
  }

  /** Budget, memory or crash: the VM stops; every later call returns the same step. */
  private die(step: LuaErrorStep): LuaErrorStep {
    this.fatal = step;
    if (this.mainTask && this.mainTask.rec.state !== 'done') this.mainTask.rec.state = 'failed';
    return step;
  }

  private requireMain(): Task {
    this.assertOpen();
    if (!this.mainTask) throw new Error('LuaVm: no script loaded (call load first)');
    return this.mainTask;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('LuaVm: closed');
  }

  // ---- budget and memory ------------------------------------------------------------------

  /** A new virtual instant starts the budget afresh; more work at the same instant adds up. */
  private enterInstant(): void {
    const t = this.opts.now();
    if (t === this.instantAt) return;
    this.instantAt = t;
    this.instructions = 0;
    this.zkCalls = 0;
    this.bytesOut = 0;
    this.allocated = 0;
    this.matching = 0;
  }

  /** Units of work spent at this virtual instant. */
  private spent(): number {
    return (
      this.instructions +
      this.zkCalls * ZK_CALL_UNITS +
      this.bytesOut +
      Math.floor(this.allocated / ALLOC_BYTES_PER_UNIT) +
      this.matching
    );
  }

  /** The stop message, at the client line Ls is on (or `where`, a module's position). */
  private budgetStep(Ls: State, where: string | null, detail?: string): LuaErrorStep {
    const line = this.lineFromStack(Ls);
    const prefix =
      where && !where.startsWith('sandbox:') && !where.startsWith('zk:')
        ? where
        : line === null
          ? ''
          : `${this.userChunk}:${line}: `;
    const parts = [
      [this.instructions, 'instructions'],
      [this.zkCalls, 'zk calls'],
      [this.bytesOut, 'bytes passed to the host'],
      [this.allocated, 'bytes allocated'],
      [this.matching, 'pattern steps'],
    ] as const;
    const spent = parts
      .filter(([n]) => n > 0)
      .map(([n, what]) => `${n} ${what}`)
      .join(', ');
    const message =
      detail ?? `budget exceeded: ${this.budget} units of work without virtual time advancing (${spent})`;
    const step: LuaErrorStep = { kind: 'error', message: prefix + message, line, reason: 'budget' };
    const tb = this.traceback(Ls);
    if (tb) step.traceback = tb;
    return step;
  }

  /**
   * charge(steps, what, subjectBytes) from the sandbox: the string-pattern wrappers pay an upper
   * bound of the C matcher's steps before it runs, since the count hook cannot see inside it. When
   * that does not fit, the VM stops here (the matcher never runs): the hook, set to fire at the next
   * instruction, leaves the way it does for a spent instruction budget.
   */
  private charge(Ls: State): boolean {
    const { raw } = this;
    const steps = raw._lua_tonumberx(Ls, 1, 0);
    if (!this.fatal && !this.oom && steps > 0) {
      const left = this.budget - this.spent();
      if (steps > left) {
        const what = raw._lua_type(Ls, 2) === T_STRING ? this.readString(Ls, 2) : 'a string function';
        const n = raw._lua_tonumberx(Ls, 3, 0);
        this.fatal = this.budgetStep(
          Ls,
          null,
          `budget exceeded: ${what} with this pattern may take up to ${formatSteps(steps)} matching steps on a ${n}-byte string, more than the ${Math.max(0, left)} units of work left without virtual time advancing`,
        );
      } else this.matching += steps;
    }
    if (!this.fatal && !this.oom && this.spent() <= this.budget) return true;
    if (this.hookPtr) raw._lua_sethook(Ls, this.hookPtr, MASK_COUNT, 1);
    return false;
  }

  private hook(Lh: State): void {
    this.instructions += this.every;
    if (this.spent() <= this.budget && !this.fatal && !this.oom) return;
    const { raw } = this;
    this.enforce = false;
    if (!this.fatal) {
      raw._luaL_where(Lh, 0);
      const where = this.readString(Lh, -1);
      raw._lua_settop(Lh, -2);
      if (this.oom) {
        const step: LuaErrorStep = {
          kind: 'error',
          message: where + this.oomMessage(),
          line: this.lineFromStack(Lh),
          reason: 'memory',
        };
        const tb = this.traceback(Lh);
        if (tb) step.traceback = tb;
        this.fatal = step;
      } else this.fatal = this.budgetStep(Lh, where);
    }
    // from now on fire at every instruction: leave at the first point where we can
    raw._lua_sethook(Lh, this.hookPtr, MASK_COUNT, 1);
    this.enforce = true;
    if (raw._lua_isyieldable(Lh)) {
      // from a hook lua_yield returns normally and the VM yields after the hook; pcall cannot catch it
      raw._lua_yieldk(Lh, 0, 0, 0);
      return;
    }
    // inside a C call (sort comparator, gsub callback, message handler): raise instead. The
    // sandbox's xpcall wrapper keeps the user's message handler from running again (Lua calls it
    // for this error with hooks off, where nothing could stop it).
    this.pushString(Lh, this.fatal.message);
    raw._lua_error(Lh);
  }

  private oomMessage(): string {
    return `not enough memory (the Lua heap limit is ${this.memLimit} bytes)`;
  }

  private alloc(ptr: Ptr, osize: number, nsize: number): Ptr {
    const { raw } = this;
    if (nsize === 0) {
      if (ptr) {
        this.memUsed -= osize;
        raw._free(ptr);
      }
      return 0;
    }
    const delta = ptr ? nsize - osize : nsize; // with ptr NULL, osize is a type tag, not a size
    if (delta > 0 && this.enforce && this.memUsed + delta > this.memLimit) {
      if (this.lastRefused === nsize) this.oom = true;
      this.lastRefused = nsize;
      return 0;
    }
    const p = raw._realloc(ptr, nsize);
    if (p) {
      this.memUsed += delta;
      if (delta > 0 && this.enforce) this.allocated += delta;
      this.lastRefused = -1;
    }
    return p;
  }

  // ---- errors and lines -------------------------------------------------------------------

  private errorMessage(Ls: State, idx: number): string {
    const t = this.raw._lua_type(Ls, idx);
    if (t === T_STRING) return this.readString(Ls, idx);
    if (t === T_NUMBER) return this.readString(Ls, idx); // lua_tolstring formats it as Lua does
    return `(error object is a ${TYPE_NAMES[t] ?? 'unknown'} value)`;
  }

  /** 'client.lua:12: ...' -> 12 (only for the user's chunk). */
  private lineFromMessage(message: string): number | null {
    const prefix = `${this.userChunk}:`;
    if (!message.startsWith(prefix)) return null;
    const m = /^(\d+):/.exec(message.slice(prefix.length));
    return m ? Number(m[1]) : null;
  }

  /** The innermost frame of the user's chunk on Ls's stack. */
  private lineFromStack(Ls: State): number | null {
    const { raw } = this;
    if (raw._lua_checkstack(Ls, 2) === 0) return null;
    for (let level = 0; level < 200; level++) {
      if (!raw._lua_getstack(Ls, level, this.ar)) break;
      raw._luaL_where(Ls, level);
      const where = this.readString(Ls, -1);
      raw._lua_settop(Ls, -2);
      const line = this.lineFromMessage(where);
      if (line !== null) return line;
    }
    return null;
  }

  /**
   * The innermost frame of the user's chunk on a suspended task's stack. Unlike lineFromStack this
   * pushes nothing (lua_getinfo "Sl" only fills the lua_Debug struct): a picture taken between two
   * steps must not allocate on the Lua heap, where collectgarbage('count') or GC timing would show it.
   */
  suspendedLine(rec: TaskRec): number | null {
    if (this.closed || rec.state !== 'waiting') return null;
    const { raw } = this;
    const source = `=${this.userChunk}`;
    for (let level = 0; level < 200; level++) {
      if (!raw._lua_getstack(rec.thread, level, this.ar)) break;
      raw._lua_getinfo(rec.thread, this.cstr('Sl'), this.ar);
      if (this.debugSource() !== source) continue;
      const line = raw.HEAPU32[(this.ar + AR_CURRENTLINE) >> 2]! | 0;
      if (line > 0) return line;
    }
    return null;
  }

  /** lua_Debug.source (with srclen) of the frame last filled in by lua_getinfo. */
  private debugSource(): string {
    const { raw } = this;
    const p = raw.HEAPU32[(this.ar + AR_SOURCE) >> 2]!;
    const len = raw.HEAPU32[(this.ar + AR_SRCLEN) >> 2]!;
    return p === 0 ? '' : decoder.decode(raw.HEAPU8.subarray(p, p + len));
  }

  private traceback(Ls: State): string | undefined {
    const { raw, L } = this;
    if (raw._lua_checkstack(L, 2) === 0) return undefined;
    raw._luaL_traceback(L, Ls, 0, 0);
    const tb = this.readString(L, -1);
    raw._lua_settop(L, -2);
    return tb;
  }

  // ---- loading internals ------------------------------------------------------------------

  private loadBuffer(Ls: State, source: string, chunkName: string): number {
    const { raw } = this;
    const bytes = encoder.encode(source);
    const buf = raw._malloc(bytes.length + 1);
    raw.HEAPU8.set(bytes, buf);
    const name = raw._malloc(chunkName.length * 3 + 1);
    const nb = encoder.encode(chunkName);
    raw.HEAPU8.set(nb, name);
    raw.HEAPU8[name + nb.length] = 0;
    const mode = raw._malloc(2);
    raw.HEAPU8[mode] = 't'.charCodeAt(0);
    raw.HEAPU8[mode + 1] = 0;
    try {
      return raw._luaL_loadbufferx(Ls, buf, bytes.length, name, mode);
    } finally {
      raw._free(buf);
      raw._free(name);
      raw._free(mode);
    }
  }

  private loadInternal(source: string, chunkName: string): void {
    if (this.loadBuffer(this.L, source, chunkName) !== LUA_OK) {
      throw new Error(`LuaVm: ${chunkName.slice(1)} failed to load: ${this.errorMessage(this.L, -1)}`);
    }
  }

  private callInternal(nargs: number, nresults: number): void {
    if (this.raw._lua_pcallk(this.L, nargs, nresults, 0, 0, 0) !== LUA_OK) {
      throw new Error(`LuaVm: setup failed: ${this.errorMessage(this.L, -1)}`);
    }
  }

  /** NUL-terminated ASCII name in the scratch buffer (valid until the next scratch use). */
  private cstr(s: string): Ptr {
    const { raw } = this;
    for (let i = 0; i < s.length; i++) raw.HEAPU8[this.scratch + i] = s.charCodeAt(i);
    raw.HEAPU8[this.scratch + s.length] = 0;
    return this.scratch;
  }

  // ---- marshalling: JS -> Lua -------------------------------------------------------------

  private isTag(Ls: State, idx: number): boolean {
    const { raw } = this;
    if (raw._lua_type(Ls, idx) !== T_TABLE) return false;
    raw._lua_rawgeti(Ls, LUA_REGISTRYINDEX, this.refs.TAG);
    const eq = raw._lua_rawequal(Ls, idx, -1);
    raw._lua_settop(Ls, -2);
    return eq !== 0;
  }

  private pushString(Ls: State, s: string): void {
    const { raw } = this;
    const need = s.length * 3;
    if (need > this.scratchSize) {
      raw._free(this.scratch);
      this.scratchSize = Math.max(need, this.scratchSize * 2);
      this.scratch = raw._malloc(this.scratchSize);
      if (!this.scratch) throw new Error('LuaVm: out of host memory');
    }
    const { written } = encoder.encodeInto(s, raw.HEAPU8.subarray(this.scratch, this.scratch + need));
    raw._lua_pushlstring(Ls, this.scratch, written);
  }

  private pushNumber(Ls: State, n: number): void {
    if (Number.isSafeInteger(n)) this.raw._lua_pushinteger(Ls, BigInt(n));
    else this.raw._lua_pushnumber(Ls, n);
  }

  private push(Ls: State, v: LuaValue | undefined, depth: number): void {
    const { raw } = this;
    if (depth > MAX_DEPTH) throw new Error('LuaVm: value nested too deeply to pass to Lua');
    if (v === null || v === undefined) raw._lua_pushnil(Ls);
    else if (typeof v === 'boolean') raw._lua_pushboolean(Ls, v ? 1 : 0);
    else if (typeof v === 'number') this.pushNumber(Ls, v);
    else if (typeof v === 'string') this.pushString(Ls, v);
    else if (Array.isArray(v)) {
      raw._lua_checkstack(Ls, 4);
      raw._lua_createtable(Ls, v.length, 0);
      for (let i = 0; i < v.length; i++) {
        this.push(Ls, v[i], depth + 1);
        raw._lua_rawseti(Ls, -2, BigInt(i + 1));
      }
    } else if (typeof v === 'object') {
      const keys = Object.keys(v).sort();
      if (keys.length === 1 && keys[0] === '$fn' && typeof v['$fn'] === 'number') {
        // a registered function handed back to Lua
        raw._lua_checkstack(Ls, 2);
        raw._lua_rawgeti(Ls, LUA_REGISTRYINDEX, this.refs.fns);
        raw._lua_rawgeti(Ls, -1, BigInt(v['$fn']));
        raw._lua_copy(Ls, -1, -2);
        raw._lua_settop(Ls, -2);
        return;
      }
      raw._lua_checkstack(Ls, 4);
      raw._lua_createtable(Ls, 0, keys.length);
      for (const k of keys) {
        this.pushString(Ls, k);
        this.push(Ls, v[k], depth + 1);
        raw._lua_rawset(Ls, -3);
      }
    } else {
      throw new Error(`LuaVm: cannot pass a ${typeof v} to Lua`);
    }
  }

  // ---- marshalling: Lua -> JS -------------------------------------------------------------

  private readString(Ls: State, idx: number): string {
    const { raw } = this;
    const p = raw._lua_tolstring(Ls, idx, this.cells);
    const len = raw.HEAPU32[this.cells >> 2]!;
    return decoder.decode(raw.HEAPU8.subarray(p, p + len));
  }

  private readNumber(Ls: State, idx: number): number {
    const { raw } = this;
    if (raw._lua_isinteger(Ls, idx)) {
      const i = raw._lua_tointegerx(Ls, idx, 0);
      if (i > 9007199254740992n || i < -9007199254740992n) {
        throw new MarshalError(`integer ${i} does not fit a JS number (|n| <= 2^53)`);
      }
      return Number(i);
    }
    return raw._lua_tonumberx(Ls, idx, 0);
  }

  private read(Ls: State, idx: number, depth: number): LuaValue {
    const { raw } = this;
    const t = raw._lua_type(Ls, idx);
    switch (t) {
      case T_NIL:
        return null;
      case T_BOOLEAN:
        return raw._lua_toboolean(Ls, idx) !== 0;
      case T_NUMBER:
        return this.readNumber(Ls, idx);
      case T_STRING: {
        const str = this.readString(Ls, idx);
        this.bytesOut += raw.HEAPU32[this.cells >> 2]!;
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
    const { raw } = this;
    if (depth >= MAX_DEPTH)
      throw new MarshalError(`table nested deeper than ${MAX_DEPTH} levels (or cyclic)`);
    if (raw._lua_checkstack(Ls, 4) === 0) throw new MarshalError('Lua stack overflow');
    const t = raw._lua_absindex(Ls, idx);
    const top = raw._lua_gettop(Ls);
    const entries: [string, LuaValue][] = [];
    const items: LuaValue[] = [];
    let maxIndex = 0;
    let count = 0;
    raw._lua_pushnil(Ls);
    try {
      while (raw._lua_next(Ls, t) !== 0) {
        const kt = raw._lua_type(Ls, -2);
        if (kt === T_STRING) {
          const key = this.readString(Ls, -2);
          if (key === '$fn') throw new MarshalError("table key '$fn' is reserved");
          entries.push([key, this.read(Ls, raw._lua_gettop(Ls), depth + 1)]);
        } else if (kt === T_NUMBER && raw._lua_isinteger(Ls, -2)) {
          const k = raw._lua_tointegerx(Ls, -2, 0);
          if (k < 1n || k > 0x7fffffffn) throw new MarshalError(`table key ${k} is not an array index`);
          const i = Number(k);
          items[i - 1] = this.read(Ls, raw._lua_gettop(Ls), depth + 1);
          if (i > maxIndex) maxIndex = i;
          count++;
        } else {
          throw new MarshalError(`table keys must be strings or array indices, not ${TYPE_NAMES[kt] ?? '?'}`);
        }
        raw._lua_settop(Ls, -2);
      }
    } catch (e) {
      raw._lua_settop(Ls, top); // drop the iteration key and value
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
    const { raw } = this;
    const f = raw._lua_absindex(Ls, idx);
    raw._lua_checkstack(Ls, 4);
    raw._lua_rawgeti(Ls, LUA_REGISTRYINDEX, this.refs.fnids);
    raw._lua_pushvalue(Ls, f);
    if (raw._lua_rawget(Ls, -2) === T_NUMBER) {
      const id = Number(raw._lua_tointegerx(Ls, -1, 0));
      raw._lua_settop(Ls, -3);
      return id;
    }
    raw._lua_settop(Ls, -2); // fnids on top
    const id = this.nextFnId++;
    raw._lua_pushvalue(Ls, f);
    raw._lua_pushinteger(Ls, BigInt(id));
    raw._lua_rawset(Ls, -3); // fnids[f] = id
    raw._lua_rawgeti(Ls, LUA_REGISTRYINDEX, this.refs.fns);
    raw._lua_pushvalue(Ls, f);
    raw._lua_rawseti(Ls, -2, BigInt(id)); // fns[id] = f
    raw._lua_settop(Ls, -3);
    return id;
  }
}
