// Node-only: where wasmoon's glue.wasm is on disk. Do not import this from browser code.
import { createRequire } from 'node:module';
import type { WasmSource } from './types.ts';

/** The filesystem path of node_modules/wasmoon/dist/glue.wasm, resolved from this module. */
export function nodeWasmSource(): WasmSource {
  return createRequire(import.meta.url).resolve('wasmoon/dist/glue.wasm');
}
