// The work budget's count hook without a function call per Lua instruction (issue #13 goal 4).
//
// With any hook set, Lua 5.4's interpreter loop (lvm.c luaV_execute) calls luaG_traceexec before
// every instruction (the `vmfetch` macro), and luaG_traceexec, for a count hook, only decrements
// L->hookcount and returns 1 until the count reaches zero (ldebug.c). In wasm that call, made from
// a function with dozens of live locals, cost more than the instruction itself: fib(30) took 2.3×
// as long with the budget's hook as without. Lua functions also leave through the slow path of
// OP_RETURN0/OP_RETURN1 (`if (L->hookmask)`: luaD_poscall and its rethook) and enter through
// luaD_hookcall, which do nothing for a count hook but set L->oldpc for a line hook.
//
// This rewrites luaV_execute in glue.wasm's code before it is compiled, so that it does inline what
// those functions would do for a count hook, and calls them for everything else:
//   vmfetch:        if ((L->hookmask & (LINE|COUNT)) == COUNT && L->hookcount > 1)
//                     { L->hookcount--; trap = 1; } else trap = luaG_traceexec(L, pc);
//   OP_RETURN0/1:   if (L->hookmask & ~COUNT) <slow path, with rethook> else <fast path>
//   luaD_hookcall:  if (L->hookmask & CALL) luaD_hookcall(L, ci); else L->oldpc = 0;
// Each is what the called code does in that case (luaG_traceexec's "no line hook and count != 0"
// return; rethook and luaD_hookcall set only L->oldpc, which a line hook alone reads), so hooks fire
// at exactly the same instructions and every count is the same (test/unit/lua-count-hook-patch.test.ts
// compares hook by hook with the unpatched module). Nothing in linear memory changes: heap
// addresses, hence `pairs` order and trace hashes, are those of the unpatched build.
//
// The function indices below are those of wasmoon 1.16.0's glue.wasm (it has no name section),
// found by reading its code against lvm.c, ldebug.c and ldo.c of lua/lua be908a7 (the commit
// wasmoon 1.16.0 builds). Each is checked before the patch: a different build throws, it is never
// patched blindly (wasmoon is pinned exactly, see docs/lua.md).

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

const PATCH = 'count-hook patch';

const LUAG_TRACEEXEC = 280;
const LUAD_HOOKCALL = 289;
/** luaV_execute(L, ci): two parameters and 24 locals (18 i32, 3 f64, 3 i64) in this build. */
const EXECUTE_LOCALS = [18, 0x7f, 3, 0x7c, 3, 0x7e];
const EXECUTE_PARAMS = 2;
/** Offsets of lua_State fields on wasm32 (lstate.h): oldpc, hookcount, hookmask. */
const L_OLDPC = 100;
const L_HOOKCOUNT = 108;
const L_HOOKMASK = 112;
/** lua.h hook masks. */
const MASK_CALL = 1;
const MASK_LINE = 4;
const MASK_COUNT = 8;
/** Sites in luaV_execute: every vmfetch (one per opcode handler and a few more), OP_RETURN0 and
 *  OP_RETURN1, and the call hooks at a function's start and after OP_VARARGPREP. */
const TRACEEXEC_CALLS = 78;
const RETURN_HOOKMASK_TESTS = 2;
const HOOKCALL_CALLS = 2;

/** Byte sequences the called functions must contain: they read and write the fields named above. */
const TRACEEXEC_READS = [
  // if (!(mask & (LUA_MASKLINE | LUA_MASKCOUNT))) ... with mask = L->hookmask
  [
    ...op.localGet(0),
    ...op.load(L_HOOKMASK),
    ...op.localTee(3),
    ...op.const(MASK_LINE | MASK_COUNT),
    ...op.and,
  ],
  // --L->hookcount
  [...op.localGet(0), ...op.localGet(0), ...op.load(L_HOOKCOUNT), ...op.const(1), ...op.sub],
];
const HOOKCALL_READS = [
  // L->oldpc = 0; if (L->hookmask & LUA_MASKCALL)
  [...op.localGet(0), ...op.const(0), ...op.store(L_OLDPC)],
  [...op.localGet(0), ...op.load(L_HOOKMASK), ...op.const(MASK_CALL), ...op.and, ...op.if],
];

/** glue.wasm with luaV_execute's count-hook fast paths; throws if it is not the expected build. */
export function withCountHookFastPath(bytes: Uint8Array): Uint8Array {
  const { code, body } = glueCode(bytes, PATCH);
  for (const [f, reads] of [
    [LUAG_TRACEEXEC, TRACEEXEC_READS],
    [LUAD_HOOKCALL, HOOKCALL_READS],
  ] as const) {
    const { start, end } = body(f);
    for (const seq of reads) if (!contains(bytes.subarray(start, end), seq)) throw mismatch(`function ${f}`);
  }
  const patched = patchExecute(bytes, body(LUAV_EXECUTE));
  return replaceBodies(bytes, code, new Map([[LUAV_EXECUTE - IMPORTED_FUNCTIONS, patched]]));
}

function mismatch(what: string): Error {
  return glueMismatch(PATCH, what);
}

/** luaV_execute's body (locals and code) with the three fast paths. */
function patchExecute(bytes: Uint8Array, body: Body): Uint8Array {
  const locals = readLocals(bytes, body);
  if (locals.groups.flat().join() !== EXECUTE_LOCALS.join()) throw mismatch('luaV_execute locals');
  // Three scratch i32 locals, after the existing ones.
  const first = EXECUTE_PARAMS + locals.count;
  const [PC, L, N] = [first, first + 1, first + 2];
  const at = locals.code;
  const end = body.end;

  // vmfetch, with (L, pc) on the stack where it called luaG_traceexec: the trap it returns.
  const traceexec = [
    ...op.localSet(PC),
    ...op.localTee(L),
    ...op.load(L_HOOKCOUNT),
    ...op.localTee(N),
    ...op.const(1),
    ...op.gtS,
    ...op.localGet(L),
    ...op.load(L_HOOKMASK),
    ...op.const(MASK_LINE | MASK_COUNT),
    ...op.and,
    ...op.const(MASK_COUNT),
    ...op.eq,
    ...op.and,
    ...op.ifI32,
    ...[
      ...op.localGet(L),
      ...op.localGet(N),
      ...op.const(1),
      ...op.sub,
      ...op.store(L_HOOKCOUNT),
      ...op.const(1),
    ],
    ...op.else,
    ...[...op.localGet(L), ...op.localGet(PC), ...op.call(LUAG_TRACEEXEC)],
    ...op.end,
  ];
  // luaD_hookcall, with (L, ci) on the stack.
  const hookcall = [
    ...op.localSet(PC),
    ...op.localTee(L),
    ...op.load(L_HOOKMASK),
    ...op.const(MASK_CALL),
    ...op.and,
    ...op.if,
    ...[...op.localGet(L), ...op.localGet(PC), ...op.call(LUAD_HOOKCALL)],
    ...op.else,
    ...[...op.localGet(L), ...op.const(0), ...op.store(L_OLDPC)],
    ...op.end,
  ];
  // OP_RETURN0/OP_RETURN1: `if (L->hookmask)` becomes `if (L->hookmask & ~LUA_MASKCOUNT)`.
  const notCount = [...op.const(~MASK_COUNT), ...op.and];

  const ins = instructions(bytes, at, end);
  const out: ArrayLike<number>[] = [localsWith(locals, 3, I32)];
  const counts = { traceexec: 0, returns: 0, hookcall: 0 };
  const isLoad = (x: Instr | undefined, offset: number) => x?.op === 0x28 && x.b === offset;
  let copied = at;
  const replace = (x: Instr, withBytes: number[]) => {
    out.push(bytes.subarray(copied, x.at), withBytes);
    copied = x.end;
  };
  ins.forEach((x, i) => {
    if (x.op === 0x10 && x.a === LUAG_TRACEEXEC) {
      counts.traceexec++;
      replace(x, traceexec);
    } else if (x.op === 0x10 && x.a === LUAD_HOOKCALL) {
      counts.hookcall++;
      replace(x, hookcall);
    } else if (
      isLoad(x, L_HOOKMASK) &&
      ins[i - 1]?.op === 0x20 &&
      ins[i - 1]?.a === 0 &&
      ins[i + 1]?.op === 0x04
    ) {
      counts.returns++;
      replace(x, [...bytes.subarray(x.at, x.end), ...notCount]);
    }
  });
  out.push(bytes.subarray(copied, end));
  if (
    counts.traceexec !== TRACEEXEC_CALLS ||
    counts.returns !== RETURN_HOOKMASK_TESTS ||
    counts.hookcall !== HOOKCALL_CALLS
  )
    throw mismatch(`luaV_execute sites ${JSON.stringify(counts)}`);
  return concat(out);
}
