// Lua VM layer: sandboxed Lua 5.4 (wasmoon) per client, zk.* as blocking calls over coroutines.
// The wasm location helpers live apart: ./wasm-node.ts (Node) and ./wasm-browser.ts (Vite).

export { resetVmPeak, vmCensus } from './census.ts';
export { type CallStep, drive, logs } from './drive.ts';
export { ZK_FUNCTIONS, type ZkFunctionName } from './lua-source.ts';
export type {
  LuaErrorReason,
  LuaErrorStep,
  LuaFnRef,
  LuaStep,
  LuaTask,
  LuaTaskState,
  LuaValue,
  LuaVm,
  LuaVmOptions,
  WasmSource,
} from './types.ts';
export { isLuaFnRef } from './types.ts';
export {
  createLuaVm,
  DEFAULT_INSTRUCTION_BUDGET,
  DEFAULT_MEMORY_LIMIT,
  HOOK_EVERY,
  INSTRUCTIONS_PER_UNIT,
} from './vm.ts';
