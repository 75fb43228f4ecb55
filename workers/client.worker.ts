// One client in its own Web Worker, with its Lua VM: a thin host around the node
// (src/conductor/node-host.ts). The VM is made here, from the bundled wasm and recipe modules.
import { NodeHostCore } from '../src/conductor/node-host.ts';
import { serveNodeHost } from '../src/conductor/node-port.ts';
import { browserRecipeModules } from '../src/lua/recipes/load-browser.ts';
import { browserWasmSource } from '../src/lua/wasm-browser.ts';

serveNodeHost(self, new NodeHostCore({ wasm: browserWasmSource, modules: browserRecipeModules }));
