// A node handed several of its inputs at once (a World#stepBatch batch that holds a node's later
// messages) handles them in a row only while the world, carrying out the outputs so far, could not
// change what comes next: `step` would carry them out before the next input. A timer set to fire at
// or before the next input's time would come first; a connection opened or closed changes which
// messages are delivered. Sends (they reach other nodes a latency later), disk writes, timer
// cancels and trace records change nothing the next input sees. The node stops there; the world
// puts the inputs it did not handle back in the queue, to be handed over one by one. Only such
// inputs (`held`: taken from the queue for the batch) may be left: the inputs a resumed node had
// buffered are handed over back to back, as `step` does.
import type { NodeInput, NodeOutput } from './types.ts';

/** An input handed to a node in a batch; `held`: taken from the queue, so the node may leave it. */
export interface BatchInput<M> {
  now: number;
  input: NodeInput<M>;
  held?: true;
}

/** Below the 1 µs grid a timer's due time is rounded to: a timer this close to the next input counts as before it. */
const GRID_SLACK_MS = 0.001;

/**
 * Handle `inputs` in order with `handle`, stopping before a held one that an earlier output could
 * change; the outputs of the inputs handled (a prefix: every input before the first held one).
 */
export function handleInRow<M>(
  inputs: readonly BatchInput<M>[],
  handle: (now: number, input: NodeInput<M>) => NodeOutput<M>[],
): NodeOutput<M>[][] {
  const out: NodeOutput<M>[][] = [];
  // The earliest time a timer set so far fires, on the node's clock.
  let timer = Number.POSITIVE_INFINITY;
  let changed = false;
  for (const { now, input, held } of inputs) {
    if (held && (changed || timer <= now + GRID_SLACK_MS)) break;
    const outputs = handle(now, input);
    out.push(outputs);
    const earliest = quietUntil(outputs, now);
    if (earliest === null) changed = true;
    else timer = Math.min(timer, earliest);
  }
  return out;
}

/** When the earliest timer `outputs` set fires (Infinity: none); null if an output changes what may be delivered next. */
function quietUntil<M>(outputs: readonly NodeOutput<M>[], now: number): number | null {
  let timer = Number.POSITIVE_INFINITY;
  for (const o of outputs) {
    switch (o.type) {
      case 'timer.set':
        timer = Math.min(timer, now + Math.max(0, o.after));
        break;
      case 'connect':
      case 'close':
        return null;
      default:
        break;
    }
  }
  return timer;
}
