// A zk call's yield without a thrown exception (issue #13 goal 4: a zk call through the simulator).
//
// Lua 5.4 leaves a running coroutine by longjmp: coroutine.yield (lcorolib luaB_yield) calls
// lua_yieldk, which calls luaD_throw, and this emscripten build implements longjmp as a JavaScript
// exception caught in invoke_vii, which V8 unwinds at ~0.25 µs per wasm frame — about half of what
// a zk call costs in the VM (docs/lua.md). Nothing in those C frames is needed afterwards: a resume
// continues from the Lua state alone (ldo.c `resume` and `unroll` work from the CallInfo list).
//
// So in the common case — coroutine.yield called by an OP_CALL of Lua code running in the
// luaV_execute that `resume` or `unroll` started, with no other C call in between — the yield
// returns through those frames instead, and each one hands it on:
//   lua_yieldk:   if (getCcalls(L) == 1 && isLua(ci->previous) && the previous frame's last
//                 instruction is OP_CALL) return 0; else luaD_throw(L, LUA_YIELD);
//                 (after setting L->status, nyield and the continuation, as before)
//   precallC:     if the C function it called yielded, return n;  (no luaD_poscall)
//   luaV_execute: if the C function OP_CALL called yielded, return;
//   resume, unroll: if the Lua code they ran yielded, return;
//   lua_resume:   a protected run that ended normally with L->status == LUA_YIELD is a yield.
// "Yielded" is L->status going from LUA_OK before the call to LUA_YIELD after it: a suspended
// thread runs code too (a host push that starts a GC step runs finalizers on it), with
// L->status == LUA_YIELD throughout, and those calls must finish as usual.
// getCcalls(L) == 1 means no luaD_call is nested in this resume of a host-driven thread (resumed
// with from = NULL: lua_resume sets nCcalls to 1, and every luaD_call / luaD_callnoyield adds to it;
// a user coroutine resumed from Lua starts above 1 and keeps the throw). The state a resume then
// finds — L->status, ci->u2.nyield, the CallInfos, L->top — is the one the throw left, no
// instruction runs in between (the count hook sees the same instructions), and nothing is
// allocated, so traces are unchanged (test/unit/lua-yield-patch.test.ts compares runs with the
// unpatched module). Every other yield (a tail call, inside pcall, a metamethod, a hook) throws as
// before.
//
// Function indices: wasmoon 1.16.0's glue.wasm (count-hook-patch.ts says how they were found);
// each site is checked, and a different build throws.

import { glueCode, mismatch as glueMismatch, IMPORTED_FUNCTIONS, LUAV_EXECUTE } from './glue-build.ts';
import {
  type Body,
  concat,
  contains,
  I32,
  type Instr,
  instructions,
  localsWith,
  op,
  readLocals,
  replaceBodies,
} from './wasm-bytes.ts';

const PATCH = 'yield patch';

const LUA_RESUME = 296;
const RESUME = 297;
const UNROLL = 298;
const LUA_YIELDK = 300;
const PRECALLC = 292;
const LUAD_PRECALL = 293;
const LUAD_THROW = 282;
const LUAD_RAWRUNPROTECTED = 283;
const LUAD_POSCALL = 291;
/** lua_State and CallInfo fields on wasm32 (lstate.h): L->status, L->nCcalls; ci->previous,
 *  ci->u.l.savedpc, ci->callstatus. */
const L_STATUS = 6;
const L_NCCALLS = 96;
const CI_PREVIOUS = 8;
const CI_SAVEDPC = 16;
const CI_CALLSTATUS = 34;
const CIST_C = 2;
const LUA_YIELD = 1;
const OP_CALL = 68;
/** luaV_execute's shadow-stack frame: 48 bytes, its base in local 14 (restored before a return). */
const EXECUTE_FRAME = 48;
const EXECUTE_FRAME_LOCAL = 14;

/** Byte sequences the patched functions must contain: the fields and values named above. */
const READS: [number, number[]][] = [
  // lua_yieldk: yieldable(L) reads nCcalls; L->status = LUA_YIELD; ci->u2.nyield = nresults
  [LUA_YIELDK, [...op.localGet(0), ...op.load(L_NCCALLS), ...op.const(0x10000), 0x4f]],
  [LUA_YIELDK, [...op.localGet(0), ...op.const(LUA_YIELD), 0x3a, 0x00, L_STATUS]],
  // lua_resume: L->nCcalls++
  [LUA_RESUME, [...op.const(1), 0x6a, ...op.store(L_NCCALLS)]],
  // resume: L->status = LUA_OK
  [RESUME, [...op.const(0), 0x3a, 0x00, L_STATUS]],
  // precallC: ci->callstatus = CIST_C
  [PRECALLC, [...op.const(CIST_C), 0x3b, 0x01, CI_CALLSTATUS]],
  // unroll: isLua(ci)
  [UNROLL, [...op.load16u(CI_CALLSTATUS), ...op.localTee(3), ...op.const(CIST_C), ...op.and]],
];

/**
 * Around a call that may yield by returning: L->status (L in local 0) is saved in local `saved`
 * before it, and after it the thread yielded iff the status went from LUA_OK to LUA_YIELD (a thread
 * already suspended also runs code when the host's push starts a GC step that calls a finalizer).
 */
const saveStatus = (saved: number) => [...op.localGet(0), ...op.load8u(L_STATUS), ...op.localSet(saved)];
const yielded = (saved: number) => [
  ...[...op.localGet(0), ...op.load8u(L_STATUS), ...op.const(LUA_YIELD), ...op.eq],
  ...[...op.localGet(saved), ...op.eqz, ...op.and],
];

/** glue.wasm in which a zk call's yield returns instead of throwing; throws for another build. */
export function withReturningYields(bytes: Uint8Array): Uint8Array {
  const { code, body } = glueCode(bytes, PATCH);
  for (const [f, seq] of READS) {
    const { start, end } = body(f);
    if (!contains(bytes.subarray(start, end), seq)) throw mismatch(`function ${f}`);
  }
  const patches = new Map<number, Uint8Array>();
  const patch = (f: number, extraLocals: number, edit: Edit) =>
    patches.set(f - IMPORTED_FUNCTIONS, rewrite(bytes, body(f), extraLocals, edit, f));
  // lua_yieldk: return instead of luaD_throw(L, LUA_YIELD) when the frames in between hand it on
  patch(LUA_YIELDK, 1, (ins, first) => {
    const [P] = [first];
    const fast = [
      ...[...op.localGet(0), ...op.load(L_NCCALLS), ...op.const(0xffff), ...op.and, ...op.const(1), ...op.eq],
      ...op.ifI32,
      ...[...op.localGet(4), ...op.load(CI_PREVIOUS), ...op.localTee(P), ...op.load16u(CI_CALLSTATUS)],
      ...[...op.const(CIST_C), ...op.and, ...op.eqz],
      ...op.ifI32,
      ...[...op.localGet(P), ...op.load(CI_SAVEDPC), ...op.const(4), ...op.sub, ...op.load(0)],
      ...[...op.const(0x7f), ...op.and, ...op.const(OP_CALL), ...op.eq],
      ...op.else,
      ...op.const(0),
      ...op.end,
      ...op.else,
      ...op.const(0),
      ...op.end,
    ];
    return sites(
      ins,
      (x, i) => x.op === 0x10 && x.a === LUAD_THROW && ins[i - 1]?.op === 0x41,
      1,
      () => [
        ...op.drop,
        ...op.drop,
        ...fast,
        ...op.if,
        ...[...op.const(0), ...op.return],
        ...op.end,
        ...[...op.localGet(0), ...op.const(LUA_YIELD), ...op.call(LUAD_THROW)],
      ],
    );
  });
  // precallC: no luaD_poscall for a C function that yielded
  patch(PRECALLC, 2, (ins, first, original) =>
    sites(
      ins,
      (x, i) => x.op === 0x11 && ins[i + 2]?.op === 0x10 && ins[i + 2]?.a === LUAD_POSCALL,
      1,
      (x) => [
        ...saveStatus(first),
        ...original(x),
        ...op.localSet(first + 1),
        ...yielded(first),
        ...op.if,
        ...[...op.localGet(first + 1), ...op.return],
        ...op.end,
        ...op.localGet(first + 1),
      ],
    ),
  );
  // luaV_execute: OP_CALL leaves when the C function it called yielded
  patch(LUAV_EXECUTE, 2, (ins, first, original) =>
    sites(
      ins,
      (x) => x.op === 0x10 && x.a === LUAD_PRECALL,
      1,
      (x) => [
        ...saveStatus(first),
        ...original(x),
        ...op.localSet(first + 1),
        ...yielded(first),
        ...op.if,
        ...[...op.localGet(EXECUTE_FRAME_LOCAL), ...op.const(EXECUTE_FRAME), 0x6a, 0x24, 0x00, ...op.return],
        ...op.end,
        ...op.localGet(first + 1),
      ],
    ),
  );
  // unroll, and resume after a hook's yield: stop when the Lua code they ran yielded
  const leaveOnYield = (saved: number, original: (x: Instr) => number[]) => (x: Instr) => [
    ...saveStatus(saved),
    ...original(x),
    ...yielded(saved),
    ...op.if,
    ...op.return,
    ...op.end,
  ];
  patch(UNROLL, 1, (ins, first, original) =>
    sites(ins, (x) => x.op === 0x10 && x.a === LUAV_EXECUTE, 1, leaveOnYield(first, original)),
  );
  patch(RESUME, 1, (ins, first, original) =>
    sites(
      ins,
      (x, i) => x.op === 0x10 && x.a === LUAV_EXECUTE && ins[i + 1]?.op !== 0x0f,
      1,
      leaveOnYield(first, original),
    ),
  );
  // lua_resume: a protected run that returned normally from a yield is a yield
  patch(LUA_RESUME, 1, (ins, first, original) =>
    sites(
      ins,
      (x) => x.op === 0x10 && x.a === LUAD_RAWRUNPROTECTED,
      2,
      (x) => [
        ...original(x),
        ...op.localTee(first),
        ...op.eqz,
        ...op.ifI32,
        ...[...op.localGet(0), ...op.load8u(L_STATUS)],
        ...op.else,
        ...op.localGet(first),
        ...op.end,
      ],
    ),
  );
  checkExecuteFrame(bytes, body(LUAV_EXECUTE));
  return replaceBodies(bytes, code, patches);
}

/** A matched instruction and what replaces it. */
interface Replacement {
  x: Instr;
  by: number[];
}
/** The matched sites of a function, given its instructions, the index of its first new local and
 *  a way to read an instruction's bytes. */
type Edit = (ins: Instr[], firstNewLocal: number, original: (x: Instr) => number[]) => Replacement[];

function mismatch(what: string): Error {
  return glueMismatch(PATCH, what);
}

/** The body of function f with `extra` i32 locals added and the sites `edit` finds replaced. */
function rewrite(bytes: Uint8Array, body: Body, extra: number, edit: Edit, f: number): Uint8Array {
  const locals = readLocals(bytes, body);
  const params = PARAMS[f];
  if (params === undefined) throw mismatch(`function ${f}`);
  const ins = instructions(bytes, locals.code, body.end);
  const original = (x: Instr) => Array.from(bytes.subarray(x.at, x.end));
  const parts: ArrayLike<number>[] = [
    extra > 0 ? localsWith(locals, extra, I32) : bytes.subarray(body.start, locals.code),
  ];
  let copied = locals.code;
  for (const r of edit(ins, params + locals.count, original)) {
    parts.push(bytes.subarray(copied, r.x.at), r.by);
    copied = r.x.end;
  }
  parts.push(bytes.subarray(copied, body.end));
  return concat(parts);
}

/** Parameters of the patched functions (lua_resume 4, lua_yieldk 4, precallC 4, the others 2). */
const PARAMS: Record<number, number> = {
  [LUA_RESUME]: 4,
  [LUA_YIELDK]: 4,
  [PRECALLC]: 4,
  [LUAV_EXECUTE]: 2,
  [RESUME]: 2,
  [UNROLL]: 2,
};

/** The instructions matching `at`, each replaced by `by(x)`; exactly `expected` of them. */
function sites(
  ins: Instr[],
  at: (x: Instr, i: number) => boolean,
  expected: number,
  by: (x: Instr) => number[],
): Replacement[] {
  const out: Replacement[] = [];
  for (let i = 0; i < ins.length; i++) {
    const x = ins[i]!;
    if (at(x, i)) out.push({ x, by: by(x) });
  }
  if (out.length !== expected) throw mismatch(`${out.length} sites where ${expected} were expected`);
  return out;
}

/** luaV_execute opens a 48-byte frame on the shadow stack with its base in local 14. */
function checkExecuteFrame(bytes: Uint8Array, body: Body): void {
  const { code } = readLocals(bytes, body);
  const prologue = [
    0x23,
    0x00,
    ...op.const(EXECUTE_FRAME),
    0x6b,
    ...op.localTee(EXECUTE_FRAME_LOCAL),
    0x24,
    0x00,
  ];
  if (!prologue.every((b, i) => bytes[code + i] === b)) throw mismatch('luaV_execute frame');
}
