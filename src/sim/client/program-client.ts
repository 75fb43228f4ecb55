// A client that runs a JSON program (the scenario's `program`): one request at a time over one
// session, `sleep` between them, `close` to end the session. Lua scripts are the other kind of
// client (lua-client.ts); both talk through ClientSession.
import type { RngStream } from '../kernel/rng.ts';
import type { NodeId, NodeInput, NodeOutput, SimNode } from '../kernel/types.ts';
import type { ZkMessage } from '../messages.ts';
import type { Request } from '../server/protocol.ts';
import { clientOwnView, waitingOn } from '../view/client-view.ts';
import type { ClientOwnView } from '../view/types.ts';
import { ClientSession } from './client-session.ts';

export type ProgramAction = Request | { op: 'sleep'; ms: number } | { op: 'close' };

export interface ProgramClientConfig {
  name: string;
  /** Server node ids of the connect string. */
  hosts: NodeId[];
  sessionTimeout: number;
  /** false: the connect string's order, not shuffled (ClientSession). */
  randomizeHosts?: boolean;
  program: ProgramAction[];
}

type Out = NodeOutput<ZkMessage>;

export class ProgramClient implements SimNode<ZkMessage> {
  private readonly session: ClientSession;
  /** The last picture view() gave: given again while nothing in it changed. */
  private drawn: ClientOwnView | undefined;
  private pc = 0;
  private busy = false;
  private started = false;
  private out: Out[] = [];

  constructor(
    readonly id: NodeId,
    private readonly config: ProgramClientConfig,
    rng: RngStream,
  ) {
    this.session = new ClientSession(config, rng, {
      emit: (o) => this.out.push(o),
      trace: (event) => this.out.push({ type: 'trace', event }),
      reply: () => this.next(),
      event: () => {},
      state: (s) => {
        if (s === 'SyncConnected' && !this.started) {
          this.started = true;
          this.run();
        }
      },
    });
  }

  handle(_now: number, input: NodeInput<ZkMessage>): Out[] {
    this.out = [];
    if (!this.session.handle(input) && input.type === 'timer' && input.name === 'program.sleep') this.next();
    return this.out;
  }

  /**
   * The client's picture (docs/views.md). `script` says how far the program is: running until its
   * last step has been answered, then done ('none' for an empty program); it has no lines.
   */
  view(_now: number): ClientOwnView {
    const program = this.config.program;
    const action = this.busy ? program[this.pc] : undefined;
    const script = program.length === 0 ? 'none' : this.pc >= program.length ? 'done' : 'running';
    this.drawn = clientOwnView(
      this.id,
      this.session,
      action ? waitingOn(action) : null,
      null,
      script,
      null,
      this.drawn,
    );
    return this.drawn;
  }

  private next(): void {
    this.busy = false;
    this.pc++;
    this.run();
  }

  private run(): void {
    if (this.busy) return;
    const action = this.config.program[this.pc];
    if (!action) return;
    this.busy = true;
    if (action.op === 'sleep') this.out.push({ type: 'timer.set', name: 'program.sleep', after: action.ms });
    else if (action.op === 'close') this.session.close(this.pc);
    else this.session.submit(action, this.pc);
  }
}
