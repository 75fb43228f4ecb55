// Hosts for World#stepBatch tests: every node lives behind an asynchronous host (as a Web Worker
// would) that answers after `delay()` microtask ticks, so hosts answer in a shuffled order.
import { handleInRow } from '../../src/sim/kernel/in-row.ts';
import type { NodeHost } from '../../src/sim/kernel/world.ts';
import type { ZkMessage } from '../../src/sim/messages.ts';
import type { createSimulation } from '../../src/sim/simulation.ts';

/** Every node the world starts from now on lives behind a host that answers late. */
export function wrapInHosts(world: ReturnType<typeof createSimulation>['world'], delay: () => number): void {
  const slots = (world as unknown as { slots: Map<string, { factory: (...a: never[]) => unknown }> }).slots;
  for (const slot of slots.values()) {
    const make = slot.factory as (...a: unknown[]) => {
      id: string;
      handle: (n: number, i: unknown) => unknown[];
    };
    slot.factory = ((...args: unknown[]) => {
      const node = make(...args);
      const host: NodeHost<ZkMessage> = {
        id: node.id,
        remote: true,
        async handleAll(inputs) {
          for (let i = delay(); i > 0; i--) await Promise.resolve();
          // As a node's worker does (node-host.ts): stop before a later message it could change.
          return handleInRow(inputs, (now, input) => node.handle(now, input) as never);
        },
        dispose() {},
      };
      return host;
    }) as never;
  }
}
