// World#stepBatch may hand a node its later message with an earlier one (kernel/in-row.ts). The
// node handles it in the same call only if carrying out what it did first could not change it: a
// timer set to fire before it runs first, and a connection the node closed first drops it, as with
// World#step, in this thread and through a host.
import { describe, expect, it } from 'vitest';
import { handleInRow } from '../../src/sim/kernel/in-row.ts';
import type { NodeInput, NodeOutput, SimNode } from '../../src/sim/kernel/types.ts';
import { type NodeHost, World } from '../../src/sim/kernel/world.ts';
import type { TraceEvent } from '../../src/sim/trace/event.ts';
import { traceHash } from '../../src/sim/trace/recorder.ts';

interface Msg {
  type: string;
  n: number;
}

/** What b does with the first of the two messages. */
type Reaction = 'timer' | 'close' | 'nothing';

/**
 * a sends b two messages at once; with a latency of 1.001 to 1.901 ms the second lands later than
 * the first (on the same connection, never sooner), within the latency floor, so one batch can
 * hold both. b reacts to the first as told and records every input it handles.
 */
class Sender implements SimNode<Msg> {
  constructor(readonly id: string) {}
  handle(_now: number, input: NodeInput<Msg>): NodeOutput<Msg>[] {
    if (input.type === 'connected' && input.ref !== null)
      return [
        { type: 'send', conn: input.conn, msg: { type: 'm', n: 1 } },
        { type: 'send', conn: input.conn, msg: { type: 'm', n: 2 } },
      ];
    if (input.type === 'start') return [{ type: 'connect', to: 'b', ref: 0 }];
    return [];
  }
}

class Receiver implements SimNode<Msg> {
  readonly seen: string[] = [];
  constructor(
    readonly id: string,
    private readonly reaction: Reaction,
  ) {}
  handle(_now: number, input: NodeInput<Msg>): NodeOutput<Msg>[] {
    if (input.type === 'message') {
      this.seen.push(`m${input.msg.n}`);
      if (input.msg.n === 1 && this.reaction === 'timer')
        return [{ type: 'timer.set', name: 'soon', after: 0.2 }];
      if (input.msg.n === 1 && this.reaction === 'close') return [{ type: 'close', conn: input.conn }];
    }
    if (input.type === 'timer') this.seen.push(input.name);
    return [];
  }
}

function hosted(node: SimNode<Msg>): NodeHost<Msg> {
  return {
    id: node.id,
    remote: true,
    handleAll: async (inputs) => handleInRow(inputs, (now, input) => node.handle(now, input)),
    dispose() {},
  };
}

async function run(reaction: Reaction, mode: 'step' | 'batch' | 'hosts') {
  const events: TraceEvent[] = [];
  const world = new World<Msg>(
    7,
    { latency: { distribution: 'uniform', min: 1.001, jitter: 0.9 }, detectMs: 100 },
    (e) => events.push(e),
  );
  const b = new Receiver('b', reaction);
  world.add('a', (id) => (mode === 'hosts' ? hosted(new Sender(id)) : new Sender(id)), 1);
  world.add('b', () => (mode === 'hosts' ? hosted(b) : b), 0);
  let batches = 0;
  for (let t = world.nextTime(); t !== undefined && t <= 50; t = world.nextTime()) {
    if (mode === 'step') world.step();
    else await world.stepBatch(50);
    batches++;
  }
  return { seen: b.seen, hash: traceHash(events), batches };
}

const WHAT: Record<Reaction, string> = {
  timer: 'makes b set a timer that fires before the second',
  close: 'makes b close the connection the second comes on',
  nothing: 'changes nothing',
};

describe('a batch holding a later message for the same node', () => {
  for (const reaction of ['timer', 'close', 'nothing'] as const) {
    it(`gives the order of step when the first message ${WHAT[reaction]}`, async () => {
      const step = await run(reaction, 'step');
      for (const mode of ['batch', 'hosts'] as const) {
        const batch = await run(reaction, mode);
        expect({ mode, seen: batch.seen, hash: batch.hash }).toEqual({
          mode,
          seen: step.seen,
          hash: step.hash,
        });
      }
    });
  }

  it('b gets the second message in the batch of the first when nothing stops it', async () => {
    const step = await run('nothing', 'step');
    const batch = await run('nothing', 'batch');
    expect(batch.batches).toBeLessThan(step.batches);
    expect(step.seen).toEqual(['m1', 'm2']);
    expect((await run('timer', 'step')).seen).toEqual(['m1', 'soon', 'm2']);
    expect((await run('close', 'step')).seen).toEqual(['m1']);
  });
});
