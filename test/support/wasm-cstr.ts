// A NUL-terminated C string in a Lua runtime's wasm heap, for tests that call the C API directly.
import type { LuaRuntime } from '../../src/lua/wasm-runtime.ts';

export function cstr(rt: LuaRuntime, s: string): number {
  const bytes = new TextEncoder().encode(s);
  const p = rt.api.malloc(bytes.length + 1);
  rt.HEAPU8.set(bytes, p);
  rt.HEAPU8[p + bytes.length] = 0;
  return p;
}
