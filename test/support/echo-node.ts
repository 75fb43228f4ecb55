// A test node for the kernel: connects where it is told, echoes what it receives, records inputs.
import type { RngStream } from '../../src/sim/kernel/rng.ts';
import type { NodeId, NodeInput, NodeOutput, SimNode } from '../../src/sim/kernel/types.ts';

export interface TestMsg {
  type: string;
  n: number;
}

export interface EchoPlan {
  /** On start: connect to these peers. */
  connect?: NodeId[];
  /** Once connected (as initiator): send this many numbered messages at once. */
  burst?: number;
  /** Echo every message back. */
  echo?: boolean;
  /** Timers to set on start: name → after. */
  timers?: Record<string, number>;
  /** Append+fsync these records to log "l" on start (fsync only of the first `synced`). */
  disk?: { appends: number; synced: number };
}

export class EchoNode implements SimNode<TestMsg> {
  readonly seen: { t: number; input: NodeInput<TestMsg> }[] = [];
  constructor(
    readonly id: NodeId,
    private readonly plan: EchoPlan,
    readonly rng?: RngStream,
  ) {}

  handle(now: number, input: NodeInput<TestMsg>): NodeOutput<TestMsg>[] {
    this.seen.push({ t: now, input });
    const out: NodeOutput<TestMsg>[] = [];
    if (input.type === 'start') {
      (this.plan.connect ?? []).forEach((to, i) => {
        out.push({ type: 'connect', to, ref: i });
      });
      for (const [name, after] of Object.entries(this.plan.timers ?? {}))
        out.push({ type: 'timer.set', name, after });
      const d = this.plan.disk;
      if (d) {
        for (let i = 0; i < d.appends; i++) {
          out.push({ type: 'disk.append', log: 'l', record: i });
          if (i + 1 === d.synced) out.push({ type: 'disk.fsync', log: 'l' });
        }
      }
    }
    if (input.type === 'connected' && input.ref !== null) {
      for (let n = 0; n < (this.plan.burst ?? 0); n++)
        out.push({ type: 'send', conn: input.conn, msg: { type: 'm', n } });
    }
    if (input.type === 'message' && this.plan.echo)
      out.push({ type: 'send', conn: input.conn, msg: input.msg });
    return out;
  }
}
