// A live run: the scenario's clients — the simulator's own LuaClient and ProgramClient state
// machines, unchanged — hosted in real time against a real ZooKeeper ensemble. Where the simulated
// world delivers an input at a virtual time, this host delivers it when it happens: a socket opens,
// a frame arrives (decoded by codec.ts), a timer set with setTimeout fires. The clients' trace
// events (client.request/reply/event/session, lua.*) are stamped with the milliseconds since the
// run began, so a live trace has the simulator's kinds, with the real server's zxids and session ids.
//
// Faults need control of the servers, which a live run does not have: liveProblems() refuses them.

import type { PreparedVm } from '../sim/client/lua-client.ts';
import { stepToRequest } from '../sim/client/program-steps.ts';
import { RngStream } from '../sim/kernel/rng.ts';
import type { ConnId, NodeInput, NodeOutput, SimNode } from '../sim/kernel/types.ts';
import type { ZkMessage } from '../sim/messages.ts';
import { serverNodeId, sidOfNodeId } from '../sim/node-id.ts';
import { buildNode, type ClientSpec } from '../sim/node-spec.ts';
import type { Scenario } from '../sim/scenario-types.ts';
import type { ClientToServer } from '../sim/server/protocol.ts';
import type { TraceBody, TraceEvent } from '../sim/trace/event.ts';
import type { ClientView } from '../sim/view/types.ts';
import { emptyClientView } from '../sim/view/world-view.ts';
import { closeSessions, type OpenSession } from './close-sessions.ts';
import { WireCodec } from './codec.ts';
import { FrameSplitter } from './jute.ts';
import type { Connection, Transport } from './transport.ts';

export interface LiveRunOptions {
  transport: Transport;
  /** Every path of the run under this znode ('' for none): concurrent runs on one ensemble. */
  chroot?: string;
  /** The VM of a Lua client's first incarnation (LuaPool#take). */
  vm?: (client: string) => PreparedVm;
  onEvent(e: TraceEvent): void;
  /** Milliseconds of a monotonic clock (performance.now); a test may drive its own. */
  clock?: () => number;
  /**
   * End the run once every client's script has ended and nothing has been traced for this long,
   * even with sessions open (they are then closed, untraced). Without it a run whose scripts leave
   * their sessions open lasts the scenario's duration.
   */
  settleMs?: number;
}

export type LiveEnd = 'clients finished' | 'scripts ended' | 'duration';

/**
 * What in a scenario a live run cannot do, one message each (empty: it can run). Of the faults only
 * `expire` can be had from outside: the session is taken over and closed (closeSessions), as
 * Curator's KillSession does; the rest need control of the servers or the network.
 */
export function liveProblems(scenario: Scenario, servers: number): string[] {
  const out: string[] = [];
  const clients = new Set(scenario.clients.map((c) => c.name));
  for (const f of scenario.faults)
    if (!(f.action === 'expire' && clients.has(f.target)))
      out.push(
        `fault '${f.action}' at ${f.at} ms needs control of the servers or the network, which a live run does not have`,
      );
  for (const c of scenario.clients)
    for (const id of c.connect)
      if (id > servers)
        out.push(`client '${c.name}' connects to server ${id}, but the connect string names ${servers}`);
  return out;
}

interface Slot {
  name: string;
  node: SimNode<ZkMessage> | null;
  timers: Map<string, ReturnType<typeof setTimeout>>;
  /** The session the server gave this client, until it is closed or expired. */
  session: OpenSession | null;
}

interface Link {
  slot: Slot;
  peer: string;
  server: number;
  conn: Connection;
  codec: WireCodec;
  frames: FrameSplitter;
}

export class LiveRun {
  private readonly slots = new Map<string, Slot>();
  private readonly links = new Map<ConnId, Link>();
  private nextConn = 1;
  private readonly queue: { slot: Slot; input: NodeInput<ZkMessage> }[] = [];
  private draining = false;
  private readonly clock: () => number;
  private t0 = 0;
  private ended = false;
  private finish: ((end: LiveEnd) => void) | null = null;
  private readonly startTimers: ReturnType<typeof setTimeout>[] = [];
  private settle: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly scenario: Scenario,
    private readonly options: LiveRunOptions,
  ) {
    this.clock = options.clock ?? (() => performance.now());
  }

  /** Milliseconds since the run began (the trace's `t`). */
  get now(): number {
    return Math.floor(this.clock() - this.t0);
  }

  /** Runs until every client has finished (script ended, session closed) or the scenario's duration. */
  run(): Promise<LiveEnd> {
    const problems = liveProblems(this.scenario, this.options.transport.servers);
    if (problems.length > 0) return Promise.reject(new Error(problems.join('; ')));
    this.t0 = this.clock();
    const done = new Promise<LiveEnd>((resolve) => {
      this.finish = resolve;
    });
    for (const c of this.scenario.clients) {
      const slot: Slot = { name: c.name, node: null, timers: new Map(), session: null };
      this.slots.set(c.name, slot);
      this.startTimers.push(setTimeout(() => this.boot(slot), c.start));
    }
    for (const f of this.scenario.faults)
      if (f.action === 'expire') this.startTimers.push(setTimeout(() => this.expire(f.target), f.at));
    this.startTimers.push(setTimeout(() => this.end('duration'), this.scenario.duration));
    if (this.scenario.clients.length === 0) this.end('clients finished');
    return done;
  }

  /** Ends the run now (sessions still open are closed, untraced). */
  stop(): void {
    this.end('duration');
  }

  /**
   * Every client's picture now, as the simulated world draws it (world-view.ts): its own view, and
   * what the host knows — whether it has started, and its pending timers (real ms since the start).
   */
  clientViews(): ClientView[] {
    return this.scenario.clients.map((c) => {
      const slot = this.slots.get(c.name);
      const own = slot?.node?.view?.(this.now) as Omit<ClientView, 'up' | 'paused' | 'started'> | undefined;
      if (!slot?.node || !own)
        return { ...emptyClientView(c.name), up: false, paused: false, started: false };
      return { ...own, up: true, paused: false, started: true };
    });
  }

  private boot(slot: Slot): void {
    if (this.ended) return;
    const c = this.scenario.clients.find((x) => x.name === slot.name)!;
    const session = {
      name: c.name,
      hosts: c.connect.map(serverNodeId),
      sessionTimeout: c.sessionTimeout,
    };
    const program = c.program.map(stepToRequest);
    const spec: ClientSpec =
      c.script === undefined
        ? { kind: 'client', id: c.name, session, program }
        : { kind: 'client', id: c.name, session, program, script: c.script };
    // The stream the simulated world gives a node's first incarnation: the same connect-string shuffle.
    const rng = RngStream.named(this.scenario.seed, `${c.name}#1`);
    slot.node = buildNode(spec, rng, c.script === undefined ? undefined : this.options.vm?.(c.name));
    this.trace({ kind: 'node.start', node: c.name, incarnation: 1 });
    this.deliver(slot, { type: 'start', disk: { files: {}, logs: {} } });
  }

  private deliver(slot: Slot, input: NodeInput<ZkMessage>): void {
    if (this.ended) return;
    this.queue.push({ slot, input });
    if (this.draining) return;
    this.draining = true;
    try {
      for (let next = this.queue.shift(); next; next = this.queue.shift()) {
        const node = next.slot.node;
        if (!node) continue;
        for (const out of node.handle(this.now, next.input)) this.apply(next.slot, out);
      }
    } finally {
      this.draining = false;
    }
    if (this.allFinished()) this.end('clients finished');
    else if (this.options.settleMs !== undefined && this.scriptsEnded()) {
      clearTimeout(this.settle);
      this.settle = setTimeout(() => this.end('scripts ended'), this.options.settleMs);
    }
  }

  private apply(slot: Slot, out: NodeOutput<ZkMessage>): void {
    switch (out.type) {
      case 'trace':
        this.trace(out.event);
        return;
      case 'timer.set': {
        clearTimeout(slot.timers.get(out.name));
        const name = out.name;
        slot.timers.set(
          name,
          setTimeout(() => {
            slot.timers.delete(name);
            this.deliver(slot, { type: 'timer', name });
          }, out.after),
        );
        return;
      }
      case 'timer.cancel':
        clearTimeout(slot.timers.get(out.name));
        slot.timers.delete(out.name);
        return;
      case 'connect':
        this.open(slot, out.to, out.ref);
        return;
      case 'send': {
        const link = this.links.get(out.conn);
        if (!link) return;
        link.conn.send(link.codec.encode(out.msg as ClientToServer));
        return;
      }
      case 'close': {
        const link = this.links.get(out.conn);
        this.links.delete(out.conn);
        link?.conn.close();
        return;
      }
      default:
        // Disk outputs are servers'; clients have none.
        return;
    }
  }

  private open(slot: Slot, peer: string, ref: number): void {
    const id = this.nextConn++;
    // Server N of the scenario is the N-th address of the connect string (0-based here).
    const server = (sidOfNodeId(peer) ?? 0) - 1;
    const codec = new WireCodec(this.options.chroot ?? '');
    const frames = new FrameSplitter();
    const text: Uint8Array[] = [];
    const conn = this.options.transport.connect(server, {
      open: () => {
        this.links.set(id, { slot, peer, server, conn, codec, frames });
        this.deliver(slot, { type: 'connected', conn: id, peer, ref });
      },
      data: (bytes) => {
        const link = this.links.get(id);
        if (!link) return;
        if (codec.answersRaw) {
          text.push(bytes.slice());
          return;
        }
        let msgs: ZkMessage[];
        try {
          msgs = frames
            .push(bytes)
            .map((f) => codec.decode(f))
            .filter((m): m is NonNullable<typeof m> => m !== null);
        } catch {
          // A frame this codec cannot read: drop the connection as ClientCnxn does on an IOException.
          this.links.delete(id);
          conn.close();
          this.deliver(slot, { type: 'closed', conn: id, peer, reason: 'broken' });
          return;
        }
        for (const msg of msgs) {
          this.follow(slot, server, msg);
          this.deliver(slot, { type: 'message', conn: id, from: peer, msg });
        }
      },
      close: (opened) => {
        if (!opened) {
          this.deliver(slot, { type: 'connect.failed', peer, ref, reason: 'refused' });
          return;
        }
        if (!this.links.delete(id)) return;
        // A four-letter word's answer is all the server sent before closing (none: an unknown word).
        if (codec.answersRaw && text.length > 0) {
          const msg = { type: 'FourLetterWordReply' as const, text: decodeText(text) };
          this.deliver(slot, { type: 'message', conn: id, from: peer, msg });
          return;
        }
        this.deliver(slot, { type: 'closed', conn: id, peer, reason: 'closed' });
      },
    });
  }

  /**
   * The `expire` fault: the client's session ends on the server (taken over and closed, its
   * ephemerals deleted); the server drops the client's connection, and its reconnect learns the
   * session is gone (Expired), as after an expiry. Traced as the simulator traces the fault.
   */
  private expire(client: string): void {
    const slot = this.slots.get(client);
    const session = slot?.session ?? null;
    this.trace({
      kind: 'fault',
      action: 'expire',
      target: client,
      session: session === null ? null : `0x${session.sessionId.toString(16)}`,
    });
    if (slot && session) {
      slot.session = null;
      void closeSessions(this.options.transport, [session]);
    }
  }

  /** Keeps track of the client's session, to close it at the end if the client did not. */
  private follow(slot: Slot, server: number, msg: ZkMessage): void {
    if (msg.type === 'ConnectResponse')
      slot.session =
        msg.timeOut > 0
          ? { sessionId: msg.sessionId, passwd: msg.passwd, server, timeout: msg.timeOut }
          : null;
    else if (msg.type === 'CloseSessionReply') slot.session = null;
  }

  private scriptsEnded(): boolean {
    for (const slot of this.slots.values()) {
      if (!slot.node) return false;
      const v = slot.node.view?.(this.now) as Partial<ClientView> | undefined;
      if (v?.script === 'running') return false;
    }
    return true;
  }

  private allFinished(): boolean {
    for (const slot of this.slots.values()) {
      if (!slot.node) return false;
      const v = slot.node.view?.(this.now) as Partial<ClientView> | undefined;
      if (v?.script === 'running') return false;
      if (v?.state !== 'CLOSED' && v?.state !== 'EXPIRED') return false;
    }
    return true;
  }

  private end(why: LiveEnd): void {
    if (this.ended) return;
    this.ended = true;
    for (const t of this.startTimers) clearTimeout(t);
    clearTimeout(this.settle);
    for (const slot of this.slots.values()) {
      for (const t of slot.timers.values()) clearTimeout(t);
      slot.timers.clear();
    }
    for (const link of this.links.values()) link.conn.close();
    this.links.clear();
    // Sessions still open end now rather than linger on the server until they time out.
    const open = [...this.slots.values()].flatMap((s) => (s.session ? [s.session] : []));
    void closeSessions(this.options.transport, open).then(() => this.finish?.(why));
  }

  private trace(body: TraceBody): void {
    this.options.onEvent({ t: this.now, ...body } as TraceEvent);
  }
}

/** The text of a four-letter word's answer (UTF-8, as the server writes it). */
function decodeText(chunks: readonly Uint8Array[]): string {
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return new TextDecoder().decode(all);
}
