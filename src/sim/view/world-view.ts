// Every node's picture at one virtual time: each node that runs in this thread draws its own
// (SimNode#view); the host adds whether it is up and paused; a node that is down gets an empty one.
import type { World } from '../kernel/world.ts';
import type { ZkMessage } from '../messages.ts';
import { sidOf } from '../server/server.ts';
import type { ClientOwnView, ClientView, ServerOwnView, ServerView, WorldView } from './types.ts';

export interface ViewedNodes {
  servers: readonly string[];
  clients: readonly string[];
  /** The servers that are observers, so a down one is still drawn as one (optional). */
  observers?: readonly string[];
}

export function worldView(world: World<ZkMessage>, nodes: ViewedNodes, t: number): WorldView {
  return composeWorldView(world, nodes, t, (id) => world.node(id)?.view?.(t));
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
  const host = (id: string) => ({ up: world.isUp(id), paused: world.isPaused(id) });
  return {
    t,
    servers: nodes.servers.map((id) => {
      const own = pictureOf(id) as Omit<ServerView, 'up' | 'paused'> | undefined | null;
      const base = own ?? emptyServerView(id, nodes.observers?.includes(id) ?? false);
      return { ...base, ...host(id) };
    }),
    clients: nodes.clients.map((id) => {
      const own = pictureOf(id) as Omit<ClientView, 'up' | 'paused' | 'started'> | undefined | null;
      return { ...(own ?? emptyClientView(id)), ...host(id), started: world.incarnation(id) > 0 };
    }),
  };
}

/** A server with nothing to show: down (or hosted elsewhere and not asked). */
export function emptyServerView(node: string, observer: boolean): Omit<ServerView, 'up' | 'paused'> {
  return {
    node,
    sid: sidOf(node),
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
    tree: [],
  };
}

/** A client with nothing to show: not started, crashed, or hosted elsewhere and not asked. */
export function emptyClientView(node: string): Omit<ClientView, 'up' | 'paused' | 'started'> {
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

/** What the host knows of a node. */
export interface HostFlags {
  up: boolean;
  paused: boolean;
  started: boolean;
}

/** A server's picture (without its tree): its own, or an empty one while it is down. */
export function serverPicture(
  nodes: ViewedNodes,
  id: string,
  own: ServerOwnView | undefined,
  host: HostFlags,
): Omit<ServerView, 'tree'> {
  const { tree: _, ...empty } = emptyServerView(id, nodes.observers?.includes(id) ?? false);
  return { ...(own ?? empty), up: host.up, paused: host.paused };
}

/** A client's picture: its own, or an empty one while it is down or not started. */
export function clientPicture(id: string, own: ClientOwnView | undefined, host: HostFlags): ClientView {
  return { ...(own ?? emptyClientView(id)), ...host };
}
