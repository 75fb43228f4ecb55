// The conductor's core: owns virtual time, the agenda, connections, disks and faults; hands one
// input at a time to a node and carries out the node's outputs. Knows nothing of ZooKeeper.
import { SimDisk } from './disk.ts';
import { type DueTimer, DueTimers } from './due-timers.ts';
import { EventQueue, precedes, type Scheduled } from './event-queue.ts';
import { type BatchInput, handleInRow } from './in-row.ts';
import { Network } from './network.ts';
import type { NetworkConfig } from './network-config.ts';
import type { RecordBody, Recorded } from './records.ts';
import { RngStream } from './rng.ts';
import { toMicroGrid } from './time-grid.ts';
import type { ConnId, NodeId, NodeInput, NodeOutput, SimNode } from './types.ts';

export interface Message {
  type: string;
}

/** Builds a node's state machine; called at every (re)start with a fresh stream for that incarnation. */
export type NodeFactory<M> = (id: NodeId, rng: RngStream, incarnation: number) => SimNode<M> | NodeHost<M>;

/**
 * A node that lives elsewhere (a Web Worker): it takes a node's inputs in order and answers with
 * each one's outputs, asynchronously. A world with such nodes is run with `stepBatch`.
 */
export interface NodeHost<M> {
  readonly id: NodeId;
  readonly remote: true;
  /**
   * Each input's outputs, in order; it may stop before a `held` input that what it did first could
   * change (in-row.ts): the world puts those back in its queue.
   */
  handleAll(inputs: BatchInput<M>[]): Promise<NodeOutput<M>[][]>;
  /** The node is gone (crashed): free what holds it. */
  dispose(): void;
}

/** An input taken for a node while a batch is being collected, delivered when the batch is. */
interface Delivery<M> {
  id: NodeId;
  slot: Slot<M>;
  incarnation: number;
  /** The virtual time the input is due (the world's clock, without the node's skew). */
  at: number;
  now: number;
  input: NodeInput<M>;
  /** The event count the node's move counts from, when earlier than its outputs (a start). */
  from: number | undefined;
  /** The queue entry a batch took it from (not the first item's, nor a resumed node's buffer). */
  entry?: Scheduled<Item<M>>;
  /** A node's later message in its batch: its host may leave it, and it goes back in the queue. */
  held?: true;
}

/**
 * Told after a node moved: its state may have changed by an input handled (`input` true) or by the
 * host (a crash, a pause, a resume). `from` is how many trace events had been recorded when the move
 * began, so the node's new state belongs with the events from index `from` on. Views use it to show
 * every node as it was after any event (docs/views.md).
 */
export type MoveObserver = (id: NodeId, from: number, input: boolean) => void;

interface Slot<M> {
  factory: NodeFactory<M>;
  node: SimNode<M> | NodeHost<M> | null;
  incarnation: number;
  paused: boolean;
  buffered: NodeInput<M>[];
  timers: Map<string, number>;
  /**
   * When each timer set and not yet handled is due (true virtual ms): view-only, for countdowns. A
   * timer that fired while the node is paused stays here until the node handles it.
   */
  due: DueTimers;
  disk: SimDisk;
  /** Clock skew: what the node reads as "now" is true virtual time plus this. */
  skew: number;
  /** With `handleMs`: when the node is done with the messages that arrived so far. */
  busyUntil: number;
}

interface Conn {
  id: ConnId;
  ends: [NodeId, NodeId];
  incarnations: [number, number];
  /** Per direction (0: ends[0]→ends[1], 1: back): the latest scheduled arrival, for FIFO. */
  last: [number, number];
  closedBy: NodeId | null;
  broken: boolean;
}

type Item<M> =
  | {
      kind: 'input';
      node: NodeId;
      incarnation: number;
      input: NodeInput<M>;
      conn?: ConnId;
      /** An arrival that waited its turn (`NetworkConfig.handleMs`): handle it now. */
      turn?: true;
    }
  | { kind: 'timer'; node: NodeId; incarnation: number; name: string; token: number }
  | { kind: 'action'; run: () => void };

export class World<M extends Message> {
  private queue = new EventQueue<Item<M>>();
  private slots = new Map<NodeId, Slot<M>>();
  private conns = new Map<ConnId, Conn>();
  private nextConn = 1;
  private nextToken = 1;
  private clock = 0;
  /** Trace events recorded so far. */
  private recorded = 0;
  private moved: MoveObserver | null = null;
  readonly network: Network;
  /** Rounds a computed time to the run's grid (time-grid.ts): as is for whole ms, to the µs else. */
  private readonly grid: (t: number) => number;
  /** How long a node takes to handle each message it receives (NetworkConfig.handleMs); 0: no time. */
  private readonly handleMs: number;
  /**
   * With `NetworkConfig.cores`: when each of the machine's cores is done with the turns given to it
   * so far; null: every node has a core of its own.
   */
  private readonly coresFree: number[] | null;

  constructor(
    private readonly seed: number,
    network: NetworkConfig,
    private readonly record: (event: Recorded) => void,
  ) {
    this.network = new Network(network, RngStream.named(seed, 'network'));
    // Whole-ms runs add exactly as the engine always has, so their times (and trace hashes) stay.
    this.grid = this.network.resolution === 'us' ? toMicroGrid : (t) => t;
    this.handleMs = network.handleMs ?? 0;
    this.coresFree = network.cores === undefined ? null : new Array<number>(network.cores).fill(0);
  }

  /** The virtual time `dt` ms from now, on the run's grid. */
  private later(dt: number): number {
    return this.grid(this.clock + dt);
  }

  get now(): number {
    return this.clock;
  }

  /** Be told of every node's moves from now on (one observer). */
  observe(observer: MoveObserver): void {
    this.moved = observer;
  }

  /** Virtual time of the next thing to happen, or undefined when nothing is left. */
  nextTime(): number | undefined {
    return this.queue.peek()?.time;
  }

  add(id: NodeId, factory: NodeFactory<M>, startAt: number | null): void {
    this.slots.set(id, {
      factory,
      node: null,
      incarnation: 0,
      paused: false,
      buffered: [],
      timers: new Map(),
      due: new DueTimers(),
      disk: new SimDisk(),
      skew: 0,
      busyUntil: 0,
    });
    if (startAt !== null) this.at(startAt, () => this.start(id));
  }

  /** Schedule something the world itself does (a fault, a start) at virtual time t. */
  at(t: number, run: () => void): void {
    this.queue.push(Math.max(t, this.clock), { kind: 'action', run });
  }

  isUp(id: NodeId): boolean {
    return this.slots.get(id)?.node != null;
  }

  isPaused(id: NodeId): boolean {
    return this.slots.get(id)?.paused ?? false;
  }

  disk(id: NodeId): SimDisk | undefined {
    return this.slots.get(id)?.disk;
  }

  /** The node's timers set and not handled yet, with when they are due (for the views' countdowns). */
  timers(id: NodeId): DueTimer[] {
    return this.slots.get(id)?.due.view() ?? [];
  }

  /** The node's state machine when it runs in this thread; null when it is down or hosted elsewhere. */
  node(id: NodeId): SimNode<M> | null {
    const node = this.slots.get(id)?.node;
    return node && !isHost(node) ? node : null;
  }

  /** How many times the node has been started (0: not yet). */
  incarnation(id: NodeId): number {
    return this.slots.get(id)?.incarnation ?? 0;
  }

  /** The node's host when it runs elsewhere (stepBatch worlds). */
  host(id: NodeId): NodeHost<M> | null {
    const node = this.slots.get(id)?.node;
    return node && isHost(node) ? node : null;
  }

  /** Run the next event; false when there is none. Every node must run in this thread. */
  step(): boolean {
    const next = this.queue.pop();
    if (!next) return false;
    this.clock = next.time;
    this.process(next.item);
    return true;
  }

  /**
   * Run the next events that cannot influence each other, handing their inputs to the nodes (in
   * this thread or hosts elsewhere) at once, then carry out every output in the order `step` would
   * have: the same trace, whatever the hosts. Batched: items none of them a world action, due
   * within the network's least latency (`Network#minLatency`: the model's min, at least 1 ms, or
   * 1 µs for sub-ms latencies) of the first and not after `until`, one per node or a node's later
   * messages. What one node sends reaches another that much later at the earliest, so it lands at
   * or after every batched item (and a new item at the same time comes after the queued ones, as in
   * `step`); a node's timers are its own, so a timer an earlier delivery sets before a later one's
   * time is run first (`runBefore`), as `step` would; a node handed its later messages stops before
   * one its earlier outputs could change (in-row.ts), and that one goes back in the queue; a send can
   * only break another node's connection through a drop, so with a drop rate anywhere a batch holds
   * one item. Resolves false when nothing is left.
   */
  async stepBatch(until = Number.POSITIVE_INFINITY): Promise<boolean> {
    const first = this.queue.pop();
    if (!first) return false;
    this.clock = first.time;
    this.collecting = [];
    this.process(first.item);
    if (first.item.kind !== 'action' && !this.network.hasDrops()) {
      // Rounded like every arrival: the grid is monotonic, so no arrival is rounded below it.
      const horizon = Math.min(this.grid(first.time + this.network.minLatency), until);
      const nodes = new Set<NodeId>([first.item.node]);
      for (let next = this.queue.peek(); next && next.time <= horizon; next = this.queue.peek()) {
        const item = next.item;
        if (item.kind === 'action' || this.queuesTurn(item)) break;
        // A node's later message may join (in-row.ts: its host stops before it if what the node did
        // first could change it); not a later timer, which its earlier input may cancel or reset.
        const later = nodes.has(item.node);
        if (later && item.kind !== 'input') break;
        nodes.add(item.node);
        this.clock = next.time;
        const count = this.collecting.length;
        this.process(this.queue.pop()!.item);
        const taken = this.collecting[count];
        if (taken) {
          taken.entry = next;
          if (later) taken.held = true;
        }
      }
    }
    const batch = this.collecting;
    this.collecting = null;
    await this.deliver(batch);
    return true;
  }

  /**
   * Would processing this item push a turn (a message arriving, with handleMs)? Such a push during a
   * batch would come before the outputs of deliveries collected earlier, where `step` puts it after
   * them, so it may only be a batch's first item.
   */
  private queuesTurn(item: Item<M>): boolean {
    return this.handleMs > 0 && item.kind === 'input' && !item.turn;
  }

  /** Inputs collected by stepBatch, or null when inputs are handled as they come (step). */
  private collecting: Delivery<M>[] | null = null;

  private async deliver(batch: Delivery<M>[]): Promise<void> {
    const byNode = new Map<NodeId, Delivery<M>[]>();
    for (const d of batch) {
      const list = byNode.get(d.id) ?? [];
      list.push(d);
      byNode.set(d.id, list);
    }
    const outputs = new Map<Delivery<M>, NodeOutput<M>[]>();
    const failed = new Map<NodeId, string>();
    await Promise.all(
      [...byNode.entries()].map(async ([id, list]) => {
        const node = list[0]!.slot.node!;
        const inputs = list.map((d) =>
          d.held ? { now: d.now, input: d.input, held: d.held } : { now: d.now, input: d.input },
        );
        try {
          const results = isHost(node)
            ? await node.handleAll(inputs)
            : handleInRow(inputs, (now, input) => node.handle(now, input));
          // Only a node's later messages may go unhandled (in-row.ts).
          if (list.slice(results.length).some((d) => !d.held))
            throw new Error(`${id} answered ${results.length} of ${list.length} inputs`);
          for (const [i, d] of list.entries()) {
            const result = results[i];
            if (result) outputs.set(d, result);
            // Not handled: back in the queue where it was, to be handed over in its turn.
            else this.queue.reinsert(d.entry!);
          }
        } catch (e) {
          // A host that throws or stops answering: the run goes on without that node.
          failed.set(id, e instanceof Error ? e.message : String(e));
        }
      }),
    );
    for (const d of batch) {
      if (!outputs.has(d) && !failed.has(d.id)) continue;
      await this.runBefore(d);
      this.clock = d.at;
      if (d.input.type === 'timer') d.slot.due.delete(d.input.name);
      const result = outputs.get(d);
      if (!result) continue;
      const from = d.from ?? this.recorded;
      for (const out of result) this.apply(d.id, d.slot, out);
      this.moved?.(d.id, from, true);
    }
    for (const [id, reason] of failed) {
      this.trace({ kind: 'node.fail', node: id, reason });
      this.crash(id, false);
    }
  }

  /**
   * Run, as `step` would, the items queued before delivery `d` (a timer an earlier delivery set to
   * fire sooner, since nothing another node sends arrives that soon; a node's later message its host
   * left), one at a time, before `d` is carried out.
   */
  private async runBefore(d: Delivery<M>): Promise<void> {
    // Queued before it: what an earlier delivery set sooner, and a node's later message put back
    // (at the same time as `d`, it may still come first).
    const comesFirst = (next: Scheduled<Item<M>>) => (d.entry ? precedes(next, d.entry) : next.time < d.at);
    for (let next = this.queue.peek(); next && comesFirst(next); next = this.queue.peek()) {
      this.queue.pop();
      this.clock = next.time;
      this.collecting = [];
      this.process(next.item);
      const early = this.collecting;
      this.collecting = null;
      await this.deliver(early);
    }
  }

  private process(item: Item<M>): void {
    switch (item.kind) {
      case 'action':
        item.run();
        break;
      case 'timer': {
        const slot = this.slots.get(item.node);
        if (slot && slot.incarnation === item.incarnation && slot.timers.get(item.name) === item.token) {
          slot.timers.delete(item.name);
          this.inputTo(item.node, slot, { type: 'timer', name: item.name });
        }
        break;
      }
      case 'input': {
        const slot = this.slots.get(item.node);
        if (!slot || slot.incarnation !== item.incarnation) break;
        if (item.conn !== undefined && !this.deliverable(item.conn, item.node)) break;
        if (this.handleMs > 0 && !item.turn) {
          this.queueTurn(slot, item);
          break;
        }
        this.inputTo(item.node, slot, item.input);
        break;
      }
    }
  }

  /**
   * Something arrived from the network (a message, a connection opened, closed or refused) at a node
   * that takes `handleMs` to handle each (a process with one thread for its sockets): it is handled
   * once the node is done with what arrived before it, `handleMs` after it starts on it. Reserved
   * on arrival, so arrivals keep their order (a FIN still comes after the data before it); the
   * node's timers do not wait. With `cores`, every node runs on one machine with that many: a turn
   * also waits for a core and holds it (first come, first served).
   */
  private queueTurn(slot: Slot<M>, item: Extract<Item<M>, { kind: 'input' }>): void {
    const ready = Math.max(this.clock, slot.busyUntil);
    const cores = this.coresFree;
    const core = cores ? coreFor(cores, ready) : -1;
    const done = this.grid(Math.max(ready, cores ? cores[core]! : 0) + this.handleMs);
    if (cores) cores[core] = done;
    slot.busyUntil = done;
    this.queue.push(done, { ...item, turn: true });
  }

  /** Run every event at or before t, then leave the clock at t. */
  runUntil(t: number): void {
    for (let next = this.nextTime(); next !== undefined && next <= t; next = this.nextTime()) this.step();
    this.clock = Math.max(this.clock, t);
  }

  // ── node lifecycle and faults ─────────────────────────────────────────────

  start(id: NodeId): void {
    const slot = this.slots.get(id);
    if (!slot || slot.node) return;
    slot.incarnation++;
    slot.paused = false;
    slot.buffered = [];
    slot.timers.clear();
    slot.due.clear();
    slot.busyUntil = 0;
    slot.node = slot.factory(id, RngStream.named(this.seed, `${id}#${slot.incarnation}`), slot.incarnation);
    const from = this.recorded;
    this.trace({ kind: 'node.start', node: id, incarnation: slot.incarnation });
    this.input(id, { type: 'start', disk: slot.disk.image() }, from);
  }

  crash(id: NodeId, keepUnsynced: boolean): void {
    const slot = this.slots.get(id);
    if (!slot?.node) return;
    if (isHost(slot.node)) slot.node.dispose();
    slot.node = null;
    slot.paused = false;
    slot.buffered = [];
    slot.timers.clear();
    slot.due.clear();
    const lost = slot.disk.crash(keepUnsynced);
    const from = this.recorded;
    this.trace({ kind: 'node.crash', node: id, lostRecords: lost });
    this.moved?.(id, from, false);
    // The OS closes a dead process's sockets: data already sent still arrives, then the FIN.
    for (const c of this.conns.values()) if (c.ends.includes(id) && this.alive(c)) this.closeConn(c, id);
  }

  /** From now on the node's clock reads `ms` off true time (timers still fire after true delays). */
  skew(id: NodeId, ms: number): void {
    const slot = this.slots.get(id);
    if (!slot) return;
    slot.skew = ms;
    this.trace({ kind: 'node.skew', node: id, ms });
  }

  pause(id: NodeId): void {
    const slot = this.slots.get(id);
    if (!slot?.node || slot.paused) return;
    slot.paused = true;
    const from = this.recorded;
    this.trace({ kind: 'node.pause', node: id });
    this.moved?.(id, from, false);
  }

  resume(id: NodeId): void {
    const slot = this.slots.get(id);
    if (!slot?.node || !slot.paused) return;
    slot.paused = false;
    const from = this.recorded;
    this.trace({ kind: 'node.resume', node: id, buffered: slot.buffered.length });
    this.moved?.(id, from, false);
    const pending = slot.buffered;
    slot.buffered = [];
    for (const input of pending) this.input(id, input);
  }

  /** An operator's command to a node, handed to it now (docs/scenario.md, fault `expire`). */
  command(id: NodeId, name: string, arg: string): void {
    this.input(id, { type: 'command', name, arg });
  }

  partition(groups: NodeId[][]): void {
    this.network.partition(groups);
    this.trace({ kind: 'net.partition', groups });
    this.breakUnreachable();
  }

  heal(): void {
    this.network.heal();
    this.trace({ kind: 'net.heal' });
  }

  cut(from: NodeId, to: NodeId, on: boolean): void {
    this.network.cut(from, to, on);
    this.trace({ kind: on ? 'net.cut' : 'net.uncut', from, to });
    if (on) this.breakUnreachable();
  }

  /**
   * Record a node's or the world's event at the current virtual time. The body becomes the event:
   * `t` is stamped on it rather than copied into a new object (a copy per event was a measurable
   * share of a run, issue #13), so an emitter hands over a fresh object each time. A body that
   * already has a `t` (emitted twice, or an event passed on) is copied, so no recorded event changes.
   */
  trace(body: RecordBody): void {
    this.recorded++;
    if ('t' in body) {
      this.record({ ...body, t: this.clock } as Recorded);
      return;
    }
    const event = body as Recorded;
    event.t = this.clock;
    this.record(event);
  }

  // ── inputs and outputs ────────────────────────────────────────────────────

  /** `from`: where the move began when earlier than now (a start counts from its node.start). */
  private input(id: NodeId, input: NodeInput<M>, from?: number): void {
    const slot = this.slots.get(id);
    if (slot) this.inputTo(id, slot, input, from);
  }

  /** `input` for a slot already looked up (the step's own path: one map look-up per event). */
  private inputTo(id: NodeId, slot: Slot<M>, input: NodeInput<M>, from?: number): void {
    if (!slot.node) return;
    if (slot.paused) {
      slot.buffered.push(input);
      return;
    }
    const now = this.clock + slot.skew;
    if (this.collecting) {
      // The timer leaves `due` when the delivery is carried out, so views of earlier deliveries
      // of the batch still show it pending, as they would after `step`.
      this.collecting.push({ id, slot, incarnation: slot.incarnation, at: this.clock, now, input, from });
      return;
    }
    if (input.type === 'timer') slot.due.delete(input.name);
    if (isHost(slot.node)) throw new Error(`${id} runs elsewhere: run this world with stepBatch`);
    const start = from ?? this.recorded;
    const outputs = slot.node.handle(now, input);
    for (const out of outputs) this.apply(id, slot, out);
    this.moved?.(id, start, true);
  }

  private schedule(t: number, node: NodeId, input: NodeInput<M>, conn?: ConnId): void {
    const slot = this.slots.get(node);
    if (!slot) return;
    const item: Item<M> = { kind: 'input', node, incarnation: slot.incarnation, input };
    if (conn !== undefined) item.conn = conn;
    this.queue.push(t, item);
  }

  private apply(id: NodeId, slot: Slot<M>, out: NodeOutput<M>): void {
    switch (out.type) {
      case 'trace':
        this.trace(out.event);
        return;
      case 'timer.set': {
        if (!Number.isFinite(out.after))
          throw new Error(`${id} set timer '${out.name}' with a non-finite delay`);
        const token = this.nextToken++;
        slot.timers.set(out.name, token);
        const due = this.later(Math.max(0, out.after));
        slot.due.set(out.name, due);
        this.queue.push(due, {
          kind: 'timer',
          node: id,
          incarnation: slot.incarnation,
          name: out.name,
          token,
        });
        return;
      }
      case 'timer.cancel':
        slot.timers.delete(out.name);
        slot.due.delete(out.name);
        return;
      case 'disk.write':
        slot.disk.write(out.file, out.data);
        return;
      case 'disk.append':
        slot.disk.append(out.log, out.record);
        return;
      case 'disk.fsync':
        slot.disk.fsync(out.log);
        return;
      case 'disk.truncate':
        slot.disk.truncate(out.log, out.length);
        return;
      case 'disk.delete':
        slot.disk.delete(out.name);
        return;
      case 'connect':
        this.connect(id, out.to, out.ref);
        return;
      case 'send':
        this.send(id, out.conn, out.msg);
        return;
      case 'close': {
        const c = this.conns.get(out.conn);
        if (c && this.alive(c) && c.ends.includes(id)) this.closeConn(c, id);
        return;
      }
    }
  }

  private connect(from: NodeId, to: NodeId, ref: number): void {
    const target = this.slots.get(to);
    if (!this.network.canConnect(from, to)) {
      this.trace({ kind: 'net.fail', from, to, reason: 'timeout' });
      this.schedule(this.later(this.network.detectMs), from, {
        type: 'connect.failed',
        peer: to,
        ref,
        reason: 'timeout',
      });
      return;
    }
    const there = this.network.latency(from, to);
    const back = this.network.latency(to, from);
    if (!target?.node) {
      this.trace({ kind: 'net.fail', from, to, reason: 'refused' });
      // (clock + there) + back, added in the order the engine always has.
      this.schedule(this.grid(this.clock + there + back), from, {
        type: 'connect.failed',
        peer: to,
        ref,
        reason: 'refused',
      });
      return;
    }
    const c: Conn = {
      id: this.nextConn++,
      ends: [from, to],
      incarnations: [this.slots.get(from)!.incarnation, target.incarnation],
      last: [this.later(there), this.grid(this.clock + there + back)],
      closedBy: null,
      broken: false,
    };
    this.conns.set(c.id, c);
    this.trace({ kind: 'net.open', conn: c.id, from, to });
    // The SYN-ACK travels on the back direction, so the acceptor's first message cannot overtake it.
    this.schedule(c.last[0], to, { type: 'connected', conn: c.id, peer: from, ref: null }, c.id);
    this.schedule(c.last[1], from, { type: 'connected', conn: c.id, peer: to, ref }, c.id);
  }

  private send(from: NodeId, connId: ConnId, msg: M): void {
    const c = this.conns.get(connId);
    if (!c || !this.alive(c)) return;
    const dir = c.ends[0] === from ? 0 : c.ends[1] === from ? 1 : -1;
    if (dir === -1) return;
    const to = c.ends[1 - dir]!;
    if (this.network.drops(from, to)) {
      this.trace({ kind: 'net.drop', conn: c.id, from, to, type: msg.type });
      this.breakConn(c);
      return;
    }
    const at = Math.max(this.later(this.network.latency(from, to)), c.last[dir]);
    c.last[dir] = at;
    this.trace({ kind: 'net.send', conn: c.id, from, to, type: msg.type, at });
    this.schedule(at, to, { type: 'message', conn: c.id, from, msg }, c.id);
  }

  private alive(c: Conn): boolean {
    return !c.broken && c.closedBy === null;
  }

  /** Data in flight is delivered unless the connection broke or the recipient itself closed it. */
  private deliverable(connId: ConnId, to: NodeId): boolean {
    const c = this.conns.get(connId);
    if (!c || c.broken || c.closedBy === to) return false;
    const end = c.ends[0] === to ? 0 : 1;
    return this.slots.get(to)?.incarnation === c.incarnations[end];
  }

  private closeConn(c: Conn, by: NodeId): void {
    c.closedBy = by;
    const dir = c.ends[0] === by ? 0 : 1;
    const peer = c.ends[1 - dir]!;
    const at = Math.max(this.later(this.network.latency(by, peer)), c.last[dir]);
    c.last[dir] = at;
    this.trace({ kind: 'net.close', conn: c.id, from: by, to: peer });
    this.queue.push(at, {
      kind: 'input',
      node: peer,
      incarnation: c.incarnations[1 - dir]!,
      input: { type: 'closed', conn: c.id, peer: by, reason: 'closed' },
    });
    this.forget(c);
  }

  private breakConn(c: Conn): void {
    c.broken = true;
    this.trace({ kind: 'net.break', conn: c.id, a: c.ends[0], b: c.ends[1] });
    const at = this.later(this.network.detectMs);
    c.ends.forEach((end, i) => {
      this.queue.push(at, {
        kind: 'input',
        node: end,
        incarnation: c.incarnations[i]!,
        input: { type: 'closed', conn: c.id, peer: c.ends[1 - i]!, reason: 'broken' },
      });
    });
    this.forget(c);
  }

  /**
   * Keep closed connections reachable only until their last packet lands. With handleMs a packet
   * may wait its turn for long after it landed, and is checked against its connection then: such a
   * run keeps them all (a few hundred bytes each).
   */
  private forget(c: Conn): void {
    if (this.handleMs > 0) return;
    const done = Math.max(c.last[0], c.last[1]);
    this.queue.push(done + 1, { kind: 'action', run: () => this.conns.delete(c.id) });
  }

  private breakUnreachable(): void {
    for (const c of [...this.conns.values()]) {
      if (this.alive(c) && !this.network.canConnect(c.ends[0], c.ends[1])) this.breakConn(c);
    }
  }
}

/**
 * The core a turn ready at `ready` takes: of those free by then, the one that freed last (a node's
 * turns in a row stay on one core, leaving the others to the rest), else the one free first.
 */
function coreFor(free: readonly number[], ready: number): number {
  let fit = -1;
  let first = 0;
  for (let i = 0; i < free.length; i++) {
    const t = free[i]!;
    if (t <= ready && (fit < 0 || t > free[fit]!)) fit = i;
    if (t < free[first]!) first = i;
  }
  return fit >= 0 ? fit : first;
}

function isHost<M>(node: SimNode<M> | NodeHost<M>): node is NodeHost<M> {
  return 'remote' in node && node.remote === true;
}
