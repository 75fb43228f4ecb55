// Every node's picture at one virtual time: each node that runs in this thread draws its own
// (SimNode#view); the host adds whether it is up and paused; a node that is down gets an empty one.
import type { World } from '../kernel/world.ts';
import type { ZkMessage } from '../messages.ts';
import { sidOfNodeId } from '../node-id.ts';
import { pictureOf } from './server-view.ts';
import type {
  ClientOwnView,
  ClientView,
  LogEntryView,
  ServerOwnView,
  ServerView,
  TimerView,
  WorldView,
} from './types.ts';

export interface ViewedNodes {
  servers: readonly string[];
  clients: readonly string[];
  /** The servers that are observers, so a down one is still drawn as one (optional). */
  observers?: readonly string[];
}

/** `fresh`: every picture drawn from scratch (server-view.ts pictureOf). */
export function worldView(world: World<ZkMessage>, nodes: ViewedNodes, t: number, fresh = false): WorldView {
  return composeWorldView(world, nodes, t, (id) => pictureOf(world.node(id), t, fresh));
}

/** What the host knows of a node now: up, paused, started, its pending timers and unsynced records. */
export function hostOf(world: World<ZkMessage>, id: string): HostFlags {
  return {
    up: world.isUp(id),
    paused: world.isPaused(id),
    started: world.incarnation(id) > 0,
    timers: world.timers(id),
    unsynced: world.disk(id)?.unsynced() ?? 0,
  };
}

/**
 * Whether the host still knows what `host` says of the node (so its picture need not be composed
 * again), read without making a new HostFlags: asked after every input a node handles.
 */
export function hostUnchanged(world: World<ZkMessage>, id: string, host: HostFlags): boolean {
  if (host.up !== world.isUp(id) || host.paused !== world.isPaused(id)) return false;
  if (host.started !== world.incarnation(id) > 0) return false;
  if ((host.unsynced ?? 0) !== (world.disk(id)?.unsynced() ?? 0)) return false;
  const x = host.timers ?? [];
  const y = world.timers(id);
  if (x === y) return true; // the world's list while the node's timers stay as they were (due-timers.ts)
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i]!.name !== y[i]!.name || x[i]!.at !== y[i]!.at) return false;
  return true;
}

/**
 * The world's picture from each node's own (`pictureOf`: from SimNode#view in this thread, or as a
 * Web Worker host sent it; undefined for a node that is down).
 */
export function composeWorldView(
  world: World<ZkMessage>,
  nodes: ViewedNodes,
  t: number,
  pictureOf: (id: string) => unknown,
): WorldView {
  return {
    t,
    servers: nodes.servers.map((id) => {
      const own = pictureOf(id) as (ServerOwnView & Pick<ServerView, 'tree'>) | undefined | null;
      const { tree, ...rest } = own ?? emptyServerView(id, nodes.observers?.includes(id) ?? false);
      return { ...serverPicture(nodes, id, own ? rest : undefined, hostOf(world, id)), tree };
    }),
    clients: nodes.clients.map((id) =>
      clientPicture(id, (pictureOf(id) as ClientOwnView | undefined | null) ?? undefined, hostOf(world, id)),
    ),
  };
}

/** A server with nothing to show: down (or hosted elsewhere and not asked). */
export function emptyServerView(node: string, observer: boolean): ServerOwnView & Pick<ServerView, 'tree'> {
  return {
    node,
    sid: sidOfNodeId(node) ?? 0,
    observer,
    role: null,
    zabState: null,
    acceptedEpoch: 0,
    currentEpoch: 0,
    lastZxid: '0x0',
    leader: null,
    vote: null,
    logTail: [],
    sessions: [],
    clients: [],
    watches: [],
    learners: [],
    syncedBy: null,
    expiries: [],
    limits: { tickTime: 0, initLimit: 0, syncLimit: 0 },
    tree: [],
  };
}

/** A client with nothing to show: not started, crashed, or hosted elsewhere and not asked. */
export function emptyClientView(node: string): ClientOwnView {
  return {
    node,
    session: null,
    state: 'NOT_STARTED',
    server: null,
    waitingOn: null,
    line: null,
    script: 'none',
    error: null,
  };
}

/** What the host knows of a node (timers and unsynced records: none when not given). */
export interface HostFlags {
  up: boolean;
  paused: boolean;
  started: boolean;
  timers?: TimerView[];
  /** Txn log records appended and not fsynced yet: the newest ones. */
  unsynced?: number;
}

/** A server's picture (without its tree): its own, or an empty one while it is down. */
export function serverPicture(
  nodes: ViewedNodes,
  id: string,
  own: ServerOwnView | undefined,
  host: HostFlags,
): Omit<ServerView, 'tree'> {
  const b = own ?? withoutTree(emptyServerView(id, nodes.observers?.includes(id) ?? false));
  const unsynced = host.unsynced ?? 0;
  // Field by field rather than spread: one shape for every picture, made once per input that moved
  // a server (a spread with fields after it is several times slower, and its shape varies by run).
  return {
    node: b.node,
    sid: b.sid,
    observer: b.observer,
    role: b.role,
    zabState: b.zabState,
    acceptedEpoch: b.acceptedEpoch,
    currentEpoch: b.currentEpoch,
    lastZxid: b.lastZxid,
    leader: b.leader,
    vote: b.vote,
    logTail: unsynced > 0 ? undurable(b.logTail, unsynced) : b.logTail,
    sessions: b.sessions,
    clients: b.clients,
    watches: b.watches,
    learners: b.learners,
    syncedBy: b.syncedBy,
    expiries: b.expiries,
    limits: b.limits,
    up: host.up,
    paused: host.paused,
    timers: host.timers ?? [],
  };
}

function withoutTree({ tree: _, ...rest }: ServerOwnView & Pick<ServerView, 'tree'>): ServerOwnView {
  return rest;
}

/** The last tail marked, so a server waiting for its fsync shows the same list until one of the two changes. */
const marked = new WeakMap<LogEntryView[], { n: number; out: LogEntryView[] }>();

/** The newest `n` logged entries are appended and not fsynced yet (logs are appended in zxid order). */
function undurable(tail: LogEntryView[], n: number): LogEntryView[] {
  const last = marked.get(tail);
  if (last?.n === n) return last.out;
  const out = markUndurable(tail, n);
  marked.set(tail, { n, out });
  return out;
}

function markUndurable(tail: LogEntryView[], n: number): LogEntryView[] {
  const out = [...tail];
  for (let i = out.length - 1; i >= 0 && n > 0; i--) {
    if (!out[i]!.logged) continue;
    out[i] = { ...out[i]!, durable: false };
    n--;
  }
  return out;
}

/** A client's picture: its own, or an empty one while it is down or not started. */
export function clientPicture(id: string, own: ClientOwnView | undefined, host: HostFlags): ClientView {
  const c = own ?? emptyClientView(id);
  // Field by field, as serverPicture.
  return {
    node: c.node,
    session: c.session,
    state: c.state,
    server: c.server,
    waitingOn: c.waitingOn,
    line: c.line,
    script: c.script,
    error: c.error,
    up: host.up,
    paused: host.paused,
    started: host.started,
    timers: host.timers ?? [],
  };
}
