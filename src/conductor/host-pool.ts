// Node hosts kept for reuse. A fault injected, a script edited or a reset rebuilds the engine and
// computes the run again up to the cursor (conductor.ts); with a new Web Worker per node each time,
// starting the workers (an isolate each, the bundle loaded and compiled, Lua's VM template made
// again) was most of that wait: an injection at 5 s of lock-5x10 took 1.30-1.44 s, 0.44-0.54 s with
// the workers kept (docs/conductor.md "Reused workers"). A host comes back only when it is sound:
// it answered every call and never failed. One stuck in a call or broken is terminated as before.
import type { HostedNode, Spawn, SpawnedHost } from './worker-node.ts';

/** At most this many idle hosts of each kind are kept (a run with 200 clients keeps 16 of them). */
export const KEPT_PER_KIND = 16;

/** `spawn`, taking an idle host of the node's kind when there is one; a host terminated goes back. */
export function pooledSpawn(spawn: Spawn, keep = KEPT_PER_KIND): Spawn {
  const idle: Record<HostedNode['kind'], SpawnedHost[]> = { server: [], client: [] };
  return (node) => {
    const kept = idle[node.kind];
    const host = kept.pop() ?? spawn(node);
    let released = false;
    return {
      api: host.api,
      terminate() {
        // Once: a host given back twice would serve two nodes at the same time.
        if (released) return;
        released = true;
        if (host.reusable?.() === true && kept.length < keep) kept.push(host);
        else host.terminate();
      },
    };
  };
}
