// Browser only: a Web Worker per node — servers in server.worker.ts, clients in client.worker.ts.
import { type Remote, releaseProxy, wrap } from 'comlink';
import type { NodeHostApi } from './node-host.ts';
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
  // Required: a worker's host has warm (NodeHostCore), and Remote<> of an optional method is not one.
  const api: Remote<Required<NodeHostApi>> = wrap<Required<NodeHostApi>>(worker);
  return {
    api,
    terminate() {
      api[releaseProxy]();
      worker.terminate();
    },
  };
}
