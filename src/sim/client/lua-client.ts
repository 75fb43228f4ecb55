// A client whose program is a Lua script (docs/lua-api.md). The script runs in its own sandboxed
// VM; every zk.* call suspends it and becomes a request on the client's ClientSession, and the
// reply resumes it. Watch callbacks run as their own Lua tasks. Lua takes no virtual time.
import type { LuaStep, LuaTask, LuaValue, LuaVm } from '../../lua/types.ts';
import { isLuaFnRef } from '../../lua/types.ts';
import type { RngStream } from '../kernel/rng.ts';
import type { NodeId, NodeInput, NodeOutput, SimNode } from '../kernel/types.ts';
import type { ZkMessage } from '../messages.ts';
import { serverNodeId } from '../node-id.ts';
import type { ErrorName } from '../server/errors.ts';
import type { OpResult, Request, WatchedEvent } from '../server/protocol.ts';
import { hex } from '../trace/canonical.ts';
import type { TraceBody } from '../trace/event.ts';
import { clientOwnView, waitingOn } from '../view/client-view.ts';
import type { ClientOwnView, ClientView } from '../view/types.ts';
import { ClientSession } from './client-session.ts';
import type { KeeperState } from './keeper-state.ts';
import {
  ArgError,
  aclArg,
  aclToLua,
  createArgs,
  dataArg,
  eventToLua,
  markFields,
  msArg,
  multiArgs,
  multiResultsToLua,
  pathArg,
  statToLua,
  versionArg,
  watcherTypeArg,
} from './lua-values.ts';
import { type Target, WatchTargets } from './watch-targets.ts';

export interface LuaClientConfig {
  name: string;
  hosts: NodeId[];
  sessionTimeout: number;
  /** false: the connect string's order, not shuffled (ClientSession). */
  randomizeHosts?: boolean;
  script: string;
}

/** A VM made ahead of time (VM creation is asynchronous) and the clock it reads. */
export interface PreparedVm {
  vm: LuaVm;
  clock: { now: number };
}

/** What a pending zk call does with its reply. */
type Answer = (err: ErrorName | null, result: OpResult | null) => LuaValue[];

type Out = NodeOutput<ZkMessage>;

/** The zk call a suspended task waits in (for the client's picture). */
type Wait = NonNullable<ClientView['waitingOn']>;

export class LuaClient implements SimNode<ZkMessage> {
  private readonly session: ClientSession;
  /** The last picture view() gave: given again while nothing in it changed. */
  private drawn: ClientOwnView | undefined;
  private out: Out[] = [];
  private tasks = new Map<number, LuaTask>();
  private pending = new Map<number, { task: LuaTask; answer: Answer }>();
  private nextTag = 1;
  private events: LuaValue[] = [];
  private waiting: LuaTask[] = [];
  private readonly targets = new WatchTargets();
  private dead = false;
  /** Per suspended task, the zk call it waits in. */
  private blocked = new Map<number, Wait>();
  /** How the main script stands, and the message of the last error a task raised. */
  private script: 'running' | 'done' | 'error' = 'running';
  private error: string | null = null;
  /**
   * Four-letter-word connections of their own (zk.four_letter), apart from the session's: by the
   * (negative) ref of their connect, then by connection once established.
   */
  private words = new Map<number, { task: LuaTask; word: string; conn: number | null }>();
  private nextWordRef = -1;

  /**
   * The client's name and script's text as fields of this class, not read from the config handed in: a
   * spread's copy (node-spec.ts), which V8 gave a new hidden class in each run (issue #13).
   */
  private readonly name: string;
  private readonly source: string;

  constructor(
    readonly id: NodeId,
    config: LuaClientConfig,
    rng: RngStream,
    private readonly prepared: PreparedVm,
  ) {
    this.name = config.name;
    this.source = config.script;
    this.session = new ClientSession(config, rng, {
      emit: (o) => this.out.push(o),
      trace: (event) => this.trace(event),
      reply: (tag, _request, err, result) => this.onReply(tag, err, result),
      event: (e) => this.onEvent(e),
      state: (s) => this.onState(s),
    });
  }

  private get vm(): LuaVm {
    return this.prepared.vm;
  }

  handle(now: number, input: NodeInput<ZkMessage>): Out[] {
    this.prepared.clock.now = now;
    this.out = [];
    if (input.type === 'start') {
      this.session.handle(input);
      this.boot();
    } else if (this.fourLetterInput(input)) {
      // a four-letter-word connection's, not the session's
    } else if (!this.session.handle(input) && input.type === 'timer') this.onTimer(input.name);
    return this.out;
  }

  /**
   * The client's picture (docs/views.md): the main script's wait (or, once it has ended, the oldest
   * live callback's) with the client.lua line it is suspended at.
   */
  view(_now: number): ClientOwnView {
    const main = this.vm.main;
    const task = main && this.tasks.has(main.id) ? main : this.tasks.values().next().value;
    const wait = task ? this.blocked.get(task.id) : undefined;
    const line = task && wait ? task.line() : null;
    this.drawn = clientOwnView(
      this.id,
      this.session,
      wait ?? null,
      line,
      this.script,
      this.error,
      this.drawn,
    );
    return this.drawn;
  }

  private boot(): void {
    const syntax = this.vm.load(this.source, 'client.lua');
    if (syntax) {
      this.fail(syntax, true);
      return;
    }
    const main = this.vm.main!;
    this.tasks.set(main.id, main);
    this.run(main, main.start());
  }

  // ── driving Lua tasks ─────────────────────────────────────────────────────

  /** Run a task until it waits for something that takes time, ends, or fails. */
  private run(task: LuaTask, first: LuaStep): void {
    let step = first;
    while (step.kind === 'call') {
      let now: LuaValue[] | null;
      try {
        now = this.call(task, step.name, step.args);
      } catch (e) {
        if (!(e instanceof ArgError)) throw e;
        step = task.raise(e.message);
        continue;
      }
      if (now === null) return;
      step = task.resume(now);
    }
    this.tasks.delete(task.id);
    this.blocked.delete(task.id);
    if (step.kind === 'error') this.fail(step, task === this.vm.main);
    else if (task === this.vm.main) {
      this.script = 'done';
      this.trace({ kind: 'lua.done', client: this.name });
    }
  }

  /** `ends`: the main script failed (a failed callback leaves the script running). */
  private fail(step: Extract<LuaStep, { kind: 'error' }>, ends: boolean): void {
    this.error = step.message;
    if (ends) this.script = 'error';
    this.trace({
      kind: 'lua.error',
      client: this.name,
      message: step.message,
      line: step.line,
      reason: step.reason,
    });
    // A spent budget or memory limit stops the whole VM: nothing of this script runs again.
    if (step.reason === 'budget' || step.reason === 'memory') {
      this.dead = true;
      this.script = 'error';
      this.tasks.clear();
      this.blocked.clear();
      this.waiting = [];
    }
  }

  private resume(task: LuaTask, values: LuaValue[]): void {
    if (this.dead || !this.tasks.has(task.id)) return;
    this.blocked.delete(task.id);
    this.run(task, task.resume(values));
  }

  /** A zk.* call: the values it returns now, or null when the task must wait. */
  private call(task: LuaTask, name: string, a: LuaValue[]): LuaValue[] | null {
    switch (name) {
      case 'create':
        return this.request(task, createArgs('create', a[0], a[1], a[2]), (err, r) =>
          err ? [null, err] : [r?.path ?? null],
        );
      case 'create2':
        // OpCode.create2 (ZooKeeper#create with a Stat argument): the same request, and the reply's
        // Stat handed back too, so a recipe reads its node's czxid without another round trip.
        return this.request(task, createArgs('create2', a[0], a[1], a[2]), (err, r) =>
          err ? [null, err] : [r?.path ?? null, r?.stat ? statToLua(r.stat) : null],
        );
      case 'get':
        return this.watched(
          task,
          'get',
          a,
          (r) => [r.data ?? null, r.stat ? statToLua(r.stat) : null],
          () => 'data',
        );
      case 'exists':
        return this.watched(
          task,
          'exists',
          a,
          (r) => [r.stat ? statToLua(r.stat) : null],
          (r) => (r.stat ? 'data' : 'exist'),
        );
      case 'children':
        return this.watched(
          task,
          'children',
          a,
          (r) => [r.children ?? [], r.stat ? statToLua(r.stat) : null],
          () => 'child',
        );
      case 'set':
        return this.request(
          task,
          {
            op: 'set',
            path: pathArg('set', a[0]),
            data: dataArg('set', a[1]),
            version: versionArg('set', a[2]),
          },
          stat,
        );
      case 'delete':
        return this.request(
          task,
          { op: 'delete', path: pathArg('delete', a[0]), version: versionArg('delete', a[1]) },
          ok,
        );
      case 'sync':
        return this.request(task, { op: 'sync', path: pathArg('sync', a[0] ?? '/') }, ok);
      case 'multi':
        return this.request(task, { op: 'multi', ops: multiArgs(a[0]) }, (err, r) => {
          const results = multiResultsToLua(r?.results ?? []);
          return err ? [null, err, results] : [results];
        });
      case 'multi_read':
        // ZooKeeper#multi with read ops (OpCode.multiRead): each op's result or error in one list.
        return this.request(task, { op: 'multi_read', ops: multiArgs(a[0], 'multi_read') }, (err, r) =>
          err ? [null, err] : [multiResultsToLua(r?.results ?? [])],
        );
      case 'get_ephemerals': {
        const prefix = a[0] === undefined || a[0] === null ? '/' : pathArg('get_ephemerals', a[0]);
        return this.request(task, { op: 'get_ephemerals', prefix }, (err, r) =>
          err ? [null, err] : [r?.ephemerals ?? []],
        );
      }
      case 'get_all_children_number':
        return this.request(
          task,
          { op: 'get_all_children_number', path: pathArg('get_all_children_number', a[0]) },
          (err, r) => (err ? [null, err] : [r?.number ?? 0]),
        );
      case 'add_watch':
        return this.addWatch(task, a);
      case 'remove_watches': {
        const path = pathArg('remove_watches', a[0]);
        const watcherType = watcherTypeArg(a[1]);
        return this.request(task, { op: 'remove_watches', path, watcherType }, (err) => {
          if (err) return [null, err];
          const kinds =
            watcherType === 1
              ? (['child'] as const)
              : watcherType === 2
                ? (['data', 'exist'] as const)
                : (['data', 'exist', 'child', 'persistent', 'recursive'] as const);
          this.targets.remove([...kinds], path);
          return [true];
        });
      }
      case 'get_acl':
        return this.request(task, { op: 'get_acl', path: pathArg('get_acl', a[0]) }, (err, r) =>
          err ? [null, err] : [aclToLua(r?.acl ?? []), r?.stat ? statToLua(r.stat) : null],
        );
      case 'set_acl':
        return this.request(
          task,
          {
            op: 'set_acl',
            path: pathArg('set_acl', a[0]),
            acl: aclArg('set_acl', a[1]),
            version: versionArg('set_acl', a[2]),
          },
          stat,
        );
      case 'add_auth':
        if (typeof a[0] !== 'string' || typeof a[1] !== 'string')
          throw new ArgError('zk.add_auth: scheme and credential must be strings');
        return this.request(task, { op: 'add_auth', scheme: a[0], auth: a[1] }, ok);
      case 'wait_event':
        return this.waitEvent(task, a[0]);
      case 'sleep':
        this.out.push({ type: 'timer.set', name: `lua.sleep.${task.id}`, after: msArg('sleep', a[0]) });
        this.blocked.set(task.id, { op: 'sleep', path: null });
        return null;
      case 'now':
        return [this.prepared.clock.now];
      case 'log':
        this.trace({ kind: 'lua.log', client: this.name, message: String(a[0] ?? '') });
        return [];
      case 'mark': {
        // A fact for the checker and the views (a lock taken, a counter's new value): lua.mark.
        if (typeof a[0] !== 'string') throw new ArgError('zk.mark: the first argument must be a name');
        const fields = markFields(a[1]);
        this.trace({ kind: 'lua.mark', client: this.name, name: a[0], fields });
        return [];
      }
      case 'session_id':
        return [hex(this.session.session)];
      case 'state':
        return [this.session.state];
      case 'four_letter': {
        // A new connection to that server, the word as its first bytes, the text back, closed: what
        // `echo srvr | nc zk1 2181` does. Not part of the session (no ping, no xid).
        const sid = a[0];
        const word = a[1];
        if (typeof sid !== 'number' || !Number.isInteger(sid) || sid < 1)
          throw new ArgError('zk.four_letter: server must be a server id (1, 2, …)');
        if (typeof word !== 'string' || word.length !== 4)
          throw new ArgError('zk.four_letter: word must be four letters ("srvr", "mntr", …)');
        const ref = this.nextWordRef--;
        this.words.set(ref, { task, word, conn: null });
        this.blocked.set(task.id, { op: 'four_letter', path: null });
        this.out.push({ type: 'connect', to: serverNodeId(sid), ref });
        return null;
      }
      case 'reconnect': {
        // A new session after the old one ended (zk.reconnect; ClientSession#reopen). Calls made from
        // now on wait for it; its watches start empty.
        if (!this.session.reopen())
          throw new ArgError('zk.reconnect: the session is still alive (zk.close() it first)');
        const held = this.targets.clear();
        for (const id of held) this.vm.release(id);
        return [true];
      }
      case 'close': {
        const tag = this.nextTag++;
        this.pending.set(tag, { task, answer: () => [true] });
        // Before close: on a closed session the reply (and the resume) comes at once.
        this.blocked.set(task.id, waitingOn({ op: 'close' }));
        this.session.close(tag);
        return null;
      }
      default:
        throw new ArgError(`zk.${name} is not a zk function`);
    }
  }

  /** The four-letter word asked on a connection, with its ref; undefined when none is. */
  private wordOnConn(conn: number) {
    for (const entry of this.words) if (entry[1].conn === conn) return entry;
    return undefined;
  }

  /** Inputs of four-letter-word connections; false for anything else. */
  private fourLetterInput(input: NodeInput<ZkMessage>): boolean {
    switch (input.type) {
      case 'connected': {
        const w = input.ref !== null ? this.words.get(input.ref) : undefined;
        if (!w) return false;
        w.conn = input.conn;
        this.out.push({ type: 'send', conn: input.conn, msg: { type: 'FourLetterWord', word: w.word } });
        return true;
      }
      case 'connect.failed': {
        const w = this.words.get(input.ref);
        if (!w) return false;
        this.words.delete(input.ref);
        this.resume(w.task, [null, 'ConnectionLoss']);
        return true;
      }
      case 'message': {
        const found = this.wordOnConn(input.conn);
        if (!found) return false;
        const [ref, w] = found;
        this.words.delete(ref);
        this.out.push({ type: 'close', conn: input.conn });
        const msg = input.msg as { type: string; text?: string };
        this.resume(w.task, msg.type === 'FourLetterWordReply' ? [msg.text ?? ''] : [null, 'ConnectionLoss']);
        return true;
      }
      case 'closed': {
        const found = this.wordOnConn(input.conn);
        if (!found) return false;
        // Closed before an answer: an unknown word, or a server that is not serving.
        this.words.delete(found[0]);
        this.resume(found[1].task, [null, 'ConnectionLoss']);
        return true;
      }
      default:
        return false;
    }
  }

  private request(task: LuaTask, request: Request, answer: Answer): null {
    const tag = this.nextTag++;
    this.pending.set(tag, { task, answer });
    // Before submit: a request on a closed session is answered (and the task resumed) at once.
    this.blocked.set(task.id, waitingOn(request));
    this.session.submit(request, tag);
    return null;
  }

  /** get / exists / children with an optional watch: `true` (the event queue) or a function. */
  private watched(
    task: LuaTask,
    op: 'get' | 'exists' | 'children',
    a: LuaValue[],
    values: (r: OpResult) => LuaValue[],
    kind: (r: OpResult) => 'data' | 'exist' | 'child',
  ): null {
    const path = pathArg(op, a[0]);
    const target = watchTarget(op, a[1]);
    return this.request(task, { op, path, watch: target !== null }, (err, r) => {
      if (err || !r) return [null, err];
      if (target !== null) this.targets.add(kind(r), path, target);
      return values(r);
    });
  }

  private addWatch(task: LuaTask, a: LuaValue[]): null {
    const path = pathArg('add_watch', a[0]);
    const mode = a[1] ?? 'persistent';
    if (mode !== 'persistent' && mode !== 'persistent_recursive') {
      throw new ArgError('zk.add_watch: mode must be "persistent" or "persistent_recursive"');
    }
    const target = watchTarget('add_watch', a[2] ?? true) ?? 'queue';
    return this.request(task, { op: 'add_watch', path, mode }, (err) => {
      if (err) return [null, err];
      this.targets.add(mode === 'persistent' ? 'persistent' : 'recursive', path, target);
      return [true];
    });
  }

  private waitEvent(task: LuaTask, timeout: LuaValue | undefined): LuaValue[] | null {
    const after = timeout === null || timeout === undefined ? null : msArg('wait_event', timeout);
    const next = this.events.shift();
    if (next !== undefined) return [next];
    this.waiting.push(task);
    this.blocked.set(task.id, { op: 'wait_event', path: null });
    if (after !== null) this.out.push({ type: 'timer.set', name: `lua.wait.${task.id}`, after });
    return null;
  }

  // ── what comes back ───────────────────────────────────────────────────────

  private onReply(tag: number, err: ErrorName | null, result: OpResult | null): void {
    const p = this.pending.get(tag);
    if (!p) return;
    this.pending.delete(tag);
    this.resume(p.task, p.answer(err, result));
  }

  private onEvent(e: WatchedEvent): void {
    const fired = this.targets.fire(e);
    const live = this.targets.live();
    for (const t of fired) {
      if (t === 'queue') this.queueEvent(eventToLua(e));
      else this.callback(t, eventToLua(e), live);
    }
  }

  private callback(fnId: number, event: LuaValue, live: Set<number>): void {
    if (this.dead) return;
    const task = this.vm.spawn(fnId, [event]);
    if (!live.has(fnId)) this.vm.release(fnId);
    this.tasks.set(task.id, task);
    this.run(task, task.start());
  }

  /** Session state changes go to the queue, as the default watcher gets them in Java. */
  private onState(state: KeeperState): void {
    this.queueEvent({ type: 'None', state });
  }

  private queueEvent(event: LuaValue): void {
    const task = this.waiting.shift();
    if (task) {
      this.out.push({ type: 'timer.cancel', name: `lua.wait.${task.id}` });
      this.resume(task, [event]);
    } else this.events.push(event);
  }

  private onTimer(name: string): void {
    const id = Number(name.slice(name.lastIndexOf('.') + 1));
    const task = this.tasks.get(id);
    if (!task) return;
    if (name.startsWith('lua.sleep.')) this.resume(task, []);
    else if (name.startsWith('lua.wait.')) {
      const at = this.waiting.indexOf(task);
      if (at < 0) return;
      this.waiting.splice(at, 1);
      this.resume(task, [null]);
    }
  }

  private trace(event: TraceBody): void {
    this.out.push({ type: 'trace', event });
  }
}

const ok: Answer = (err) => (err ? [null, err] : [true]);
const stat: Answer = (err, r) => (err ? [null, err] : [r?.stat ? statToLua(r.stat) : null]);

function watchTarget(fn: string, v: LuaValue | undefined): Target | null {
  if (v === null || v === undefined || v === false) return null;
  if (v === true) return 'queue';
  if (isLuaFnRef(v)) return v.$fn;
  throw new ArgError(`zk.${fn}: watch must be true, a function or nil`);
}
