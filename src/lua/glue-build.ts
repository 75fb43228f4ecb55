// What the patches of glue.wasm (count-hook-patch.ts, yield-patch.ts) know of the build they were
// written for, wasmoon 1.16.0: function indices count its 27 imported functions first, and a
// function they edit must be where they expect it; any other build fails with a clear message.
import { type Body, functionBodies, type Section, sections } from './wasm-bytes.ts';

export const IMPORTED_FUNCTIONS = 27;

/** luaV_execute, the interpreter loop: both patches edit it. */
export const LUAV_EXECUTE = 575;

/** The error a patch throws when glue.wasm is not the build it was written for. */
export function mismatch(patch: string, what: string): Error {
  return new Error(
    `LuaVm: glue.wasm is not the build the ${patch} was written for (wasmoon 1.16.0): ${what}`,
  );
}

/** glue.wasm's code section and a function's body by function index. */
export function glueCode(bytes: Uint8Array, patch: string): { code: Section; body(f: number): Body } {
  const code = sections(bytes).find((s) => s.id === 10);
  if (!code) throw mismatch(patch, 'no code section');
  const bodies = functionBodies(bytes, code);
  return {
    code,
    body(f: number): Body {
      const b = bodies[f - IMPORTED_FUNCTIONS];
      if (!b) throw mismatch(patch, `no function ${f}`);
      return b;
    },
  };
}
