// Browser only: a Web Worker per node — servers in server.worker.ts, clients in client.worker.ts —
// called through a NodePort (node-port.ts).
import { browserWasmSource } from '../lua/wasm-browser.ts';
import { compiledLua } from '../lua/wasm-runtime.ts';
import type { BootRequest } from './node-host.ts';
import { NodePort } from './node-port.ts';
import type { HostedNode, SpawnedHost } from './worker-node.ts';

/**
 * glue.wasm, read, patched and compiled once in this (the conductor's) worker and posted to every
 * client's worker, which would each spend 61-107 ms of CPU doing it again (a run of 200 clients:
 * 12-21 s).
 */
const glue = () => compiledLua(browserWasmSource);

export function spawnNodeWorker(spec: HostedNode): SpawnedHost {
  const worker =
    spec.kind === 'server'
      ? new Worker(new URL('../../workers/server.worker.ts', import.meta.url), {
          type: 'module',
          name: spec.id,
        })
      : new Worker(new URL('../../workers/client.worker.ts', import.meta.url), {
          type: 'module',
          name: spec.id,
        });
  const port = new NodePort(worker);
  // A worker whose script fails to load or throws outside a call: its calls fail now, not after
  // the 10 s watchdog.
  worker.onerror = (e) => {
    e.preventDefault();
    port.fail(`its worker failed: ${e.message || 'the script did not load'}`);
  };
  const api =
    spec.kind === 'server'
      ? port.api
      : {
          ...port.api,
          warm: async () => port.api.warm(await glue()),
          boot: async (request: BootRequest) => port.api.boot({ ...request, luaModule: await glue() }),
        };
  return {
    api,
    terminate() {
      worker.terminate();
    },
    reusable: () => port.idle,
  };
}
