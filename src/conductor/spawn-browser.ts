// Browser only: a Web Worker per node — servers in server.worker.ts, clients in client.worker.ts —
// called through a NodePort (node-port.ts).
import { NodePort } from './node-port.ts';
import type { HostedNode, SpawnedHost } from './worker-node.ts';

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
  return {
    api: port.api,
    terminate() {
      worker.terminate();
    },
  };
}
