// Browser only: a Web Worker per node — servers in server.worker.ts, clients in client.worker.ts.
import { type Remote, releaseProxy, wrap } from 'comlink';
import type { NodeSpec } from '../sim/node-spec.ts';
import type { NodeHostApi } from './node-host.ts';
import type { SpawnedHost } from './worker-node.ts';

export function spawnNodeWorker(spec: NodeSpec): SpawnedHost {
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
  const api: Remote<NodeHostApi> = wrap<NodeHostApi>(worker);
  return {
    api,
    terminate() {
      api[releaseProxy]();
      worker.terminate();
    },
  };
}
