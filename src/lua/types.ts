import type { ZkFunctionName } from './lua-source.ts';

/**
 * Plain data crossing the JS/Lua boundary.
 * - Lua nil <-> null (JS undefined is pushed as nil too).
 * - Lua integers -> JS numbers (|n| <= 2^53, else an error at the call site); JS numbers that are
 *   safe integers -> Lua integers, every other number -> Lua float.
 * - Strings are UTF-8 on the Lua side (invalid UTF-8 decodes to U+FFFD).
 * - A Lua table with keys 1..n (or an empty table) <-> array; a table with string keys <-> object
 *   (keys sorted). Mixed, sparse, or other-typed keys are an error at the call site.
 * - A Lua function passed to zk.* appears as { $fn: id } (see LuaFnRef), registered in the VM.
 */
export type LuaValue = null | boolean | number | string | LuaValue[] | { [k: string]: LuaValue };

/** A Lua function registered in the VM's function table; hand the id to LuaVm.spawn to run it. */
export interface LuaFnRef {
  $fn: number;
}

export function isLuaFnRef(v: LuaValue | undefined): v is { $fn: number } {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 1 && keys[0] === '$fn' && typeof v['$fn'] === 'number';
}

export type LuaErrorReason = 'syntax' | 'runtime' | 'budget' | 'memory';

export type LuaStep =
  /** The script called zk.<name>(...) and waits for the reply (resume / raise). */
  | { kind: 'call'; name: ZkFunctionName; args: LuaValue[] }
  /** The script (or callback) returned. */
  | { kind: 'done' }
  | {
      kind: 'error';
      /** 'client.lua:12: attempt to index a nil value (global 'x')' */
      message: string;
      /** Line in the client chunk to mark in the editor (null when no client line is involved). */
      line: number | null;
      reason: LuaErrorReason;
      /** Lua stack traceback, when there was a stack to walk. */
      traceback?: string;
    };

export type LuaErrorStep = Extract<LuaStep, { kind: 'error' }>;

/**
 * Where glue.wasm lives: a filesystem path in Node (see nodeWasmSource in wasm-node.ts) or a URL
 * in the browser (see browserWasmSource in wasm-browser.ts).
 */
export type WasmSource = string;

export interface LuaVmOptions {
  /** Seeds math.random (an integer, e.g. from the client's RNG stream). */
  seed: number;
  /**
   * Units of work allowed at one virtual instant (docs/lua.md, "Work budget"): instructions, plus
   * ZK_CALL_UNITS per zk call, bytes passed to the host, heap growth and string-pattern bounds.
   * Spending resets when `now()` has moved since. Default 5_000_000; Infinity = no limit.
   */
  instructionBudget?: number;
  /** Bytes the Lua heap may use. Default 32 MiB. */
  memoryLimitBytes?: number;
  /** Modules `require(name)` may load, as Lua source text (chunk name '<name>.lua'). */
  modules?: Record<string, string>;
  /** Virtual time in ms; read by os.time/os.clock (synchronously, never a wall clock). */
  now: () => number;
  /**
   * Set the VM up from nothing instead of copying the template every VM of this wasm and module set
   * starts from (vm-template.ts). The same VM either way; tests compare the two.
   */
  fromScratch?: boolean;
}

export type LuaTaskState = 'new' | 'waiting' | 'done' | 'failed';

/**
 * One coroutine the host drives: the main script, or a callback started with LuaVm.spawn.
 * Exactly one Lua task runs at a time (inside start/resume/raise); the others are suspended.
 */
export interface LuaTask {
  readonly id: number;
  readonly state: LuaTaskState;
  /** Run until the first zk call, the end, or an error. Only in state 'new'. */
  start(): LuaStep;
  /** Reply to the pending zk call: the values the Lua call returns, e.g. [null, 'NoNode']. */
  resume(results: LuaValue[]): LuaStep;
  /** Reply to the pending zk call by raising a Lua error at the user's call line. */
  raise(message: string): LuaStep;
  /**
   * While waiting: the line of the user's chunk the task is suspended at (its innermost frame in
   * that chunk, e.g. the `l:acquire()` that ended in a zk call inside a module), else null.
   * Reads debug info only, so asking changes nothing the script could observe.
   */
  line(): number | null;
}

export interface LuaVm {
  /** Compile the client script. null = loaded; a syntax error returns the error step. */
  load(source: string, chunkName?: string): LuaErrorStep | null;
  /** The main script's task (after a successful load). */
  readonly main: LuaTask | null;
  /** main.start() */
  start(): LuaStep;
  /** main.resume(results) */
  resume(results: LuaValue[]): LuaStep;
  /** main.raise(message) */
  raise(message: string): LuaStep;
  /** A new task that calls the registered function fnId with args (a watch callback, say). */
  spawn(fnId: number, args: LuaValue[]): LuaTask;
  /** Forget a registered function (the host holds no more references to fnId). */
  release(fnId: number): void;
  /** Bytes the Lua heap uses now. */
  memoryUsed(): number;
  /** The budget/memory/crash error that stopped this VM, or null while it is alive. */
  readonly fatal: LuaErrorStep | null;
  /** Free the Lua state. The VM's wasm instance is then garbage. */
  close(): void;
}
