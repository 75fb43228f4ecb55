// Browser-only (Vite): the bundled URL of wasmoon's glue.wasm. Without it wasmoon would fetch the
// wasm from a CDN. Import this from the client worker, never from Node code.
import wasmUrl from 'wasmoon/dist/glue.wasm?url';
import type { WasmSource } from './types.ts';

export const browserWasmSource: WasmSource = wasmUrl;
