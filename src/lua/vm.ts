// Lua VM host: one sandboxed Lua 5.4 (wasmoon's glue.wasm, PUC-Rio Lua in WebAssembly) per client,
// in a wasm instance of its own, driven through the raw C API: tasks (coroutines the host resumes),
// the zk-call protocol, the work budget and the memory limit, errors and lines. The raw binding is
// ./wasm-runtime.ts, value marshalling ./marshal.ts, the starting state ./vm-template.ts.
//
// Determinism: this file reads no clock, no Math.random, no timer. A VM's instance starts from the
// same bytes whatever made it (vm-template.ts), so addresses, the string-hash seed and `pairs`
// order are reproducible.

import { vmClosed, vmOpened } from './census.ts';
import type { ZkFunctionName } from './lua-source.ts';
import { Marshal, MarshalError } from './marshal.ts';
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
import { type HostCallbacks, type HostFunctions, startVm, type VmLayout } from './vm-template.ts';
import {
  LUA_ERRMEM,
  LUA_ERRSYNTAX,
  LUA_OK,
  LUA_REGISTRYINDEX,
  LUA_YIELD,
  type LuaApi,
  type LuaRuntime,
  MASK_COUNT,
  T_FUNCTION,
  T_NUMBER,
  T_STRING,
  TYPE_NAMES,
} from './wasm-runtime.ts';

/**
 * Units of work a script may spend at one virtual instant (docs/lua.md, "Work budget"). Every
 * count below is deterministic (no clock): instructions, zk calls, bytes, matching steps.
 */
export const DEFAULT_INSTRUCTION_BUDGET = 5_000_000;
export const DEFAULT_MEMORY_LIMIT = 32 * 1024 * 1024;
/**
 * VM instructions per unit of work. Lua's pure computation gets four instructions a unit (20M
 * instructions at one instant by default, ~0.3 s of wasm: fib(30) needs 14.9M) while every other
 * cost keeps its unit, so the bounds on zk calls, copies and pattern matching at one instant are
 * what they were (issue #13 goal 4; docs/lua.md "Work budget").
 */
export const INSTRUCTIONS_PER_UNIT = 4;
/** The count hook fires every HOOK_EVERY VM instructions (or sooner, for a smaller budget). */
export const HOOK_EVERY = 1000;
/** Units per zk call: a round trip through the host costs about as much as ~1,000 instructions,
 *  and a call that takes no virtual time (zk.now, print, sleep(0)) must not be free. */
export const ZK_CALL_UNITS = 500;
/** Bytes the Lua heap grows by per unit: a copy the count hook never sees (`s:rep(n)`, `a .. b`). */
export const ALLOC_BYTES_PER_UNIT = 64;
/** Offsets in lua_Debug (Lua 5.4, wasm32: 4-byte int, pointers and size_t): source, srclen, currentline. */
const AR_SOURCE = 16;
const AR_SRCLEN = 20;
const AR_CURRENTLINE = 24;

/** 12345678 -> "12345678"; astronomically large bounds in exponent form (1.7e+46). */
function formatSteps(n: number): string {
  return n < 1e15 ? String(Math.ceil(n)) : n.toPrecision(2);
}

type Ptr = number;
type State = number;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false });

/** Create a sandboxed Lua VM in its own wasm instance. */
export async function createLuaVm(wasm: WasmSource, opts: LuaVmOptions): Promise<LuaVm> {
  if (!Number.isSafeInteger(opts.seed))
    throw new Error(`LuaVm: seed must be a safe integer, got ${opts.seed}`);
  const { rt, host, layout } = await startVm(wasm, opts.seed, opts.modules ?? {}, opts.fromScratch === true);
  vmOpened();
  return new Vm(rt, host, layout, opts);
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

class Vm implements LuaVm, HostCallbacks {
  private readonly L: State;
  private readonly api: LuaApi;
  private readonly m: Marshal;
  private userChunk = 'client.lua';
  private memUsed: number;
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
  private allocated = 0;
  private matching = 0;
  private hookPtr: Ptr = 0;
  private readonly ar: Ptr;
  private nextTaskId = 0;
  private mainTask: Task | null = null;
  private closed = false;
  fatal: LuaErrorStep | null = null;

  constructor(
    private readonly rt: LuaRuntime,
    private readonly host: HostFunctions,
    layout: VmLayout,
    private readonly opts: LuaVmOptions,
  ) {
    this.api = rt.api;
    this.L = layout.L;
    this.ar = layout.ar;
    this.memUsed = layout.memUsed;
    this.m = new Marshal(rt, layout);
    this.m.refs = layout.refs;
    this.memLimit = opts.memoryLimitBytes ?? DEFAULT_MEMORY_LIMIT;
    this.budget = opts.instructionBudget ?? DEFAULT_INSTRUCTION_BUDGET;
    host.target = this;
    if (this.budget !== Number.POSITIVE_INFINITY) {
      if (!(this.budget > 0)) throw new Error(`LuaVm: instructionBudget must be > 0, got ${this.budget}`);
      const every = Math.max(1, Math.min(HOOK_EVERY, Math.floor(this.budget * INSTRUCTIONS_PER_UNIT)));
      this.every = every;
      this.hookPtr = host.hook;
      // threads created later (tasks, user coroutines) inherit the hook from L
      this.api.lua_sethook(this.L, this.hookPtr, MASK_COUNT, every);
    }
  }

  /** The virtual clock, for the sandbox's os.time/os.clock (host_now). */
  now(Ls: State): number {
    this.m.pushNumber(Ls, this.opts.now());
    return 1;
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
    const { api, L } = this;
    this.enforce = true;
    const status = this.loadBuffer(L, source, `=${name}`);
    this.enforce = false;
    if (status !== LUA_OK) {
      const message = this.errorMessage(L, -1);
      api.lua_settop(L, 0);
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
    const { api, L } = this;
    if (this.fatal) {
      return new Task(this, { id: this.nextTaskId++, state: 'new', thread: 0, ref: -1, nargs: 0 });
    }
    api.lua_rawgeti(L, LUA_REGISTRYINDEX, this.m.refs.fns);
    const t = api.lua_rawgeti(L, -1, BigInt(fnId));
    if (t !== T_FUNCTION) {
      api.lua_settop(L, 0);
      throw new Error(`LuaVm.spawn: no registered function ${fnId}`);
    }
    api.lua_checkstack(L, args.length + 4);
    for (const a of args) this.m.push(L, a, 0);
    const rec = this.newTask(args.length); // moves function + args from L onto the new thread
    api.lua_settop(L, 0);
    return new Task(this, rec);
  }

  release(fnId: number): void {
    this.assertOpen();
    const { api, L } = this;
    api.lua_rawgeti(L, LUA_REGISTRYINDEX, this.m.refs.fns); // 1
    api.lua_rawgeti(L, LUA_REGISTRYINDEX, this.m.refs.fnids); // 2
    if (api.lua_rawgeti(L, 1, BigInt(fnId)) === T_FUNCTION) {
      api.lua_pushnil(L);
      api.lua_rawset(L, 2); // fnids[fn] = nil
      api.lua_pushnil(L);
      api.lua_rawseti(L, 1, BigInt(fnId)); // fns[id] = nil
    }
    api.lua_settop(L, 0);
  }

  memoryUsed(): number {
    return this.memUsed;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    vmClosed();
    try {
      this.api.lua_close(this.L);
    } catch {
      // a crashed instance may not close cleanly; it is garbage either way
    }
    // The instance (memory, table, host functions) goes with the last reference to this VM.
    this.host.target = closedHost;
  }

  // ---- tasks ------------------------------------------------------------------------------

  /** Create a host-driven thread and move the function (+ nargs args) from L's top onto it. */
  private newTask(nargs: number): TaskRec {
    const { api, L } = this;
    const T = api.lua_newthread(L); // pushes the thread on L
    // roots[T] = true
    api.lua_rawgeti(L, LUA_REGISTRYINDEX, this.m.refs.roots);
    api.lua_pushvalue(L, -2);
    api.lua_pushboolean(L, 1);
    api.lua_rawset(L, -3);
    api.lua_settop(L, -2);
    const ref = api.luaL_ref(L, LUA_REGISTRYINDEX); // pops the thread; anchors it
    api.lua_checkstack(T, nargs + 4);
    api.lua_xmove(L, T, nargs + 1);
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
    const { api } = this;
    const T = rec.thread;
    if (api.lua_checkstack(T, results.length + 4) === 0) {
      return this.die({
        kind: 'error',
        message: 'reply too large for the Lua stack',
        line: null,
        reason: 'memory',
      });
    }
    let n: number;
    if (raiseMessage !== null) {
      api.lua_rawgeti(T, LUA_REGISTRYINDEX, this.m.refs.RAISE);
      this.m.pushString(T, raiseMessage);
      n = 2;
    } else {
      for (const r of results) this.m.push(T, r, 0);
      n = results.length;
    }
    return this.run(rec, n);
  }

  /** Resume the task's thread with nargs values on its stack; translate what comes back. */
  private run(rec: TaskRec, firstArgs: number): LuaStep {
    const { api } = this;
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
        status = api.lua_resume(T, 0, nargs, this.m.cells);
      } finally {
        this.enforce = false;
      }
      nres = this.rt.HEAPU32[this.m.cells >> 2]!;
      if (this.fatal) return this.die(this.fatal);
      if (this.oom) {
        // the script caught the memory error (pcall) and went on: stop it anyway
        const line = this.lineFromStack(T);
        const where = line === null ? '' : `${this.userChunk}:${line}: `;
        return this.die({ kind: 'error', message: where + this.oomMessage(), line, reason: 'memory' });
      }
      if (status !== LUA_YIELD) break;
      const base = api.lua_gettop(T) - nres;
      if (!(nres >= 2 && this.m.isTag(T, base + 1) && api.lua_type(T, base + 2) === T_STRING)) {
        // cannot happen through the sandboxed coroutine library; be strict anyway
        api.lua_settop(T, base);
        return this.failTask(rec, {
          kind: 'error',
          message: 'attempt to yield from outside a coroutine',
          line: null,
          reason: 'runtime',
        });
      }
      const name = this.m.readString(T, base + 2) as ZkFunctionName;
      this.zkCalls++;
      const args: LuaValue[] = [];
      let refused: string | null = null;
      try {
        for (let i = base + 3; i <= base + nres; i++) args.push(this.m.read(T, i, 0));
      } catch (e) {
        if (!(e instanceof MarshalError)) throw e;
        refused = `zk.${name}: ${e.message}`;
      }
      // Checked before the host sees the call: a call that takes no virtual time must not be a way
      // around the budget (while true do zk.now() end).
      if (this.spent() > this.budget) return this.die(this.budgetStep(T, null));
      api.lua_settop(T, base);
      if (refused === null) {
        rec.state = 'waiting';
        return { kind: 'call', name, args };
      }
      api.lua_rawgeti(T, LUA_REGISTRYINDEX, this.m.refs.RAISE);
      this.m.pushString(T, refused);
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
    this.api.lua_settop(rec.thread, 0);
    this.api.luaL_unref(this.L, LUA_REGISTRYINDEX, rec.ref);
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
    this.m.bytesOut = 0;
    this.allocated = 0;
    this.matching = 0;
  }

  /** Units of work spent at this virtual instant. */
  private spent(): number {
    return (
      Math.floor(this.instructions / INSTRUCTIONS_PER_UNIT) +
      this.zkCalls * ZK_CALL_UNITS +
      this.m.bytesOut +
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
      [this.m.bytesOut, 'bytes passed to the host'],
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
  /** The sandbox's charge(steps, what, subjectBytes) -> boolean (a C function: 1 result). */
  charge(Ls: State): number {
    this.api.lua_pushboolean(Ls, this.chargeWork(Ls) ? 1 : 0);
    return 1;
  }

  private chargeWork(Ls: State): boolean {
    const { api } = this;
    const steps = api.lua_tonumberx(Ls, 1, 0);
    if (!this.fatal && !this.oom && steps > 0) {
      const left = this.budget - this.spent();
      if (steps > left) {
        const what = api.lua_type(Ls, 2) === T_STRING ? this.m.readString(Ls, 2) : 'a string function';
        const n = api.lua_tonumberx(Ls, 3, 0);
        this.fatal = this.budgetStep(
          Ls,
          null,
          `budget exceeded: ${what} with this pattern may take up to ${formatSteps(steps)} matching steps on a ${n}-byte string, more than the ${Math.max(0, left)} units of work left without virtual time advancing`,
        );
      } else this.matching += steps;
    }
    if (!this.fatal && !this.oom && this.spent() <= this.budget) return true;
    if (this.hookPtr) api.lua_sethook(Ls, this.hookPtr, MASK_COUNT, 1);
    return false;
  }

  hook(Lh: State): void {
    this.instructions += this.every;
    if (this.spent() <= this.budget && !this.fatal && !this.oom) return;
    const { api } = this;
    this.enforce = false;
    if (!this.fatal) {
      api.luaL_where(Lh, 0);
      const where = this.m.readString(Lh, -1);
      api.lua_settop(Lh, -2);
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
    api.lua_sethook(Lh, this.hookPtr, MASK_COUNT, 1);
    this.enforce = true;
    if (api.lua_isyieldable(Lh)) {
      // from a hook lua_yield returns normally and the VM yields after the hook; pcall cannot catch it
      api.lua_yieldk(Lh, 0, 0, 0);
      return;
    }
    // inside a C call (sort comparator, gsub callback, message handler): raise instead. The
    // sandbox's xpcall wrapper keeps the user's message handler from running again (Lua calls it
    // for this error with hooks off, where nothing could stop it).
    this.m.pushString(Lh, this.fatal.message);
    api.lua_error(Lh);
  }

  private oomMessage(): string {
    return `not enough memory (the Lua heap limit is ${this.memLimit} bytes)`;
  }

  alloc(ptr: Ptr, osize: number, nsize: number): Ptr {
    const { api } = this;
    if (nsize === 0) {
      if (ptr) {
        this.memUsed -= osize;
        api.free(ptr);
      }
      return 0;
    }
    const delta = ptr ? nsize - osize : nsize; // with ptr NULL, osize is a type tag, not a size
    if (delta > 0 && this.enforce && this.memUsed + delta > this.memLimit) {
      if (this.lastRefused === nsize) this.oom = true;
      this.lastRefused = nsize;
      return 0;
    }
    const p = api.realloc(ptr, nsize);
    if (p) {
      this.memUsed += delta;
      if (delta > 0 && this.enforce) this.allocated += delta;
      this.lastRefused = -1;
    }
    return p;
  }

  // ---- errors and lines -------------------------------------------------------------------

  private errorMessage(Ls: State, idx: number): string {
    const t = this.api.lua_type(Ls, idx);
    if (t === T_STRING) return this.m.readString(Ls, idx);
    if (t === T_NUMBER) return this.m.readString(Ls, idx); // lua_tolstring formats it as Lua does
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
    const { api } = this;
    if (api.lua_checkstack(Ls, 2) === 0) return null;
    for (let level = 0; level < 200; level++) {
      if (!api.lua_getstack(Ls, level, this.ar)) break;
      api.luaL_where(Ls, level);
      const where = this.m.readString(Ls, -1);
      api.lua_settop(Ls, -2);
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
    const { api } = this;
    const source = `=${this.userChunk}`;
    for (let level = 0; level < 200; level++) {
      if (!api.lua_getstack(rec.thread, level, this.ar)) break;
      api.lua_getinfo(rec.thread, this.m.cstr('Sl'), this.ar);
      if (this.debugSource() !== source) continue;
      const line = this.rt.HEAPU32[(this.ar + AR_CURRENTLINE) >> 2]! | 0;
      if (line > 0) return line;
    }
    return null;
  }

  /** lua_Debug.source (with srclen) of the frame last filled in by lua_getinfo. */
  private debugSource(): string {
    const p = this.rt.HEAPU32[(this.ar + AR_SOURCE) >> 2]!;
    const len = this.rt.HEAPU32[(this.ar + AR_SRCLEN) >> 2]!;
    return p === 0 ? '' : decoder.decode(this.rt.HEAPU8.subarray(p, p + len));
  }

  private traceback(Ls: State): string | undefined {
    const { api, L } = this;
    if (api.lua_checkstack(L, 2) === 0) return undefined;
    api.luaL_traceback(L, Ls, 0, 0);
    const tb = this.m.readString(L, -1);
    api.lua_settop(L, -2);
    return tb;
  }

  // ---- loading -----------------------------------------------------------------------------

  private loadBuffer(Ls: State, source: string, chunkName: string): number {
    const { api } = this;
    const bytes = encoder.encode(source);
    const buf = api.malloc(bytes.length + 1);
    this.rt.HEAPU8.set(bytes, buf);
    const name = api.malloc(chunkName.length * 3 + 1);
    const nb = encoder.encode(chunkName);
    this.rt.HEAPU8.set(nb, name);
    this.rt.HEAPU8[name + nb.length] = 0;
    const mode = api.malloc(2);
    this.rt.HEAPU8[mode] = 't'.charCodeAt(0);
    this.rt.HEAPU8[mode + 1] = 0;
    try {
      return api.luaL_loadbufferx(Ls, buf, bytes.length, name, mode);
    } finally {
      api.free(buf);
      api.free(name);
      api.free(mode);
    }
  }
}

/** What a closed VM's instance answers if anything still calls into it: nothing is allocated. */
const closedHost: HostCallbacks = {
  alloc: () => 0,
  now: () => 0,
  charge: () => 0,
  hook: () => {},
};
