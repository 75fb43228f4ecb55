// A syntax check before running: the text is compiled (not run) by a fresh Lua VM of the same
// wasm build the simulator uses, so the message and line are exactly what the run would report.
// A VM compiles one chunk, so each check makes one (a few ms) and closes it.
import type { WasmSource } from '../../lua/types.ts';
import { createLuaVm } from '../../lua/vm.ts';
import type { LuaDiagnostic } from './lua-diagnostics.ts';
import { lineFromMessage } from './lua-diagnostics.ts';

export async function checkSyntax(
  client: string,
  source: string,
  wasm: WasmSource,
): Promise<LuaDiagnostic | null> {
  const vm = await createLuaVm(wasm, { seed: 0, now: () => 0 });
  try {
    const err = vm.load(source, 'client.lua');
    if (err === null) return null;
    return {
      client,
      line: err.line ?? lineFromMessage(err.message),
      message: err.message,
      reason: err.reason,
      t: null,
      index: null,
    };
  } finally {
    vm.close();
  }
}
