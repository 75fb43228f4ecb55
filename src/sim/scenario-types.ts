// The scenario document, format version 1: everything a run depends on (docs/scenario.md).
// A run is a pure function of this document.
import type { LatencyModel, NetworkConfig } from './kernel/network-config.ts';
import type { AddWatchMode, CreateMode, WatcherType } from './server/protocol.ts';
import type { ProtocolBug } from './server/quorum/bugs.ts';

export type { LatencyModel, NetworkConfig };

export const SCENARIO_VERSION = 1;

export interface ServersConfig {
  /** Voting server ids are 1..count. */
  count: number;
  /** Observers (non-voting) get the ids after the voters: count+1..count+observers. Default 0. */
  observers?: number;
  tickTime: number;
  initLimit: number;
  syncLimit: number;
  /** zookeeper.extendedTypesEnabled: TTL nodes; without it createTTL → Unimplemented. */
  extendedTypes: boolean;
  /** Deliberate protocol bugs to switch on (src/sim/server/quorum/bugs.ts); none by default. */
  bugs?: ProtocolBug[];
  /** Defaults 2·tickTime and 20·tickTime. */
  minSessionTimeout?: number;
  maxSessionTimeout?: number;
  /**
   * jute.maxbuffer in bytes: a client request frame longer than this closes its connection
   * (NIOServerCnxn#readLength). Omitted: ZooKeeper's default 0xfffff = 1,048,575.
   */
  maxBuffer?: number;
  /**
   * znode.container.checkIntervalMs: how often ContainerManager looks for empty containers and
   * expired TTL nodes. Omitted: 1000 (ZooKeeper's own default is 60000; a second keeps demos short).
   */
  containerCheckIntervalMs?: number;
}

/** One step of a JSON client program (until the Lua issue makes Lua the normal form). */
export type ProgramStep =
  | { op: 'create'; path: string; data?: string | null; mode?: CreateMode; acl?: AclSpec; ttl?: number }
  | { op: 'delete'; path: string; version?: number }
  | { op: 'set'; path: string; data?: string | null; version?: number }
  | { op: 'check'; path: string; version?: number }
  | { op: 'get'; path: string; watch?: boolean }
  | { op: 'exists'; path: string; watch?: boolean }
  | { op: 'children'; path: string; watch?: boolean }
  | { op: 'multi'; ops: ProgramStep[] }
  | { op: 'sync'; path?: string }
  | { op: 'get_acl'; path: string }
  | { op: 'set_acl'; path: string; acl: AclSpec; version?: number }
  | { op: 'add_watch'; path: string; mode?: AddWatchMode }
  | { op: 'remove_watches'; path: string; watcherType?: WatcherType }
  | { op: 'add_auth'; scheme: string; auth: string }
  /** Wait this many virtual ms before the next step. */
  | { op: 'sleep'; ms: number }
  /** Close the session (closeSession txn); the client then stops. */
  | { op: 'close' };

/** An ACL: one of the predefined lists by name, or explicit entries "perms:scheme:id" like "cdrwa:world:anyone". */
export type AclSpec = 'open' | 'creator_all' | 'read' | string[];

export interface ClientConfig {
  name: string;
  /** Connect string: the ids of the servers this client may use. */
  connect: number[];
  /** Virtual ms at which the client starts. */
  start: number;
  /** Requested session timeout in ms; the server clamps it. */
  sessionTimeout: number;
  /**
   * false keeps the connect string's order (ZooKeeper 3.6+'s StaticHostProvider with
   * randomizeHosts off; Curator/kazoo options likewise). Omitted: true, shuffled once per client.
   */
  randomizeHosts?: boolean;
  /** A JSON program (the old form; [] when the client has a script). */
  program: ProgramStep[];
  /** A Lua script (docs/lua-api.md): the normal form of a client program. */
  script?: string;
}

export type Fault =
  /** A crash keeps only what was fsynced, unless keepUnsynced (a process kill: the OS page cache survives). */
  | { at: number; action: 'crash'; target: string; keepUnsynced?: boolean }
  | { at: number; action: 'restart'; target: string }
  | { at: number; action: 'pause'; target: string }
  | { at: number; action: 'resume'; target: string }
  | { at: number; action: 'partition'; groups: string[][] }
  | { at: number; action: 'heal' }
  | { at: number; action: 'cut'; from: string; to: string }
  | { at: number; action: 'uncut'; from: string; to: string }
  | { at: number; action: 'delay'; from: string; to: string; ms: number }
  | { at: number; action: 'drop'; from: string; to: string; rate: number }
  /** The node's clock reads `ms` ahead (negative: behind) of true virtual time from now on. */
  | { at: number; action: 'skew'; target: string; ms: number }
  /** The ensemble expires the client's current session now, as if its timeout had passed. */
  | { at: number; action: 'expire'; target: string }
  /**
   * The client's connection thread stalls: it sends no pings (nor requests; they queue) and does not
   * time out reading, while its socket stays open, so the ensemble expires a session whose TCP
   * connection is alive. `resume-heartbeats` ends it.
   */
  | { at: number; action: 'stop-heartbeats'; target: string }
  | { at: number; action: 'resume-heartbeats'; target: string }
  /** The client restarts (a new process, a new session) running this Lua script from now on. */
  | { at: number; action: 'script'; target: string; script: string };

export interface Scenario {
  version: typeof SCENARIO_VERSION;
  name?: string;
  description?: string;
  /** 32-bit unsigned seed of the run's PRNG. */
  seed: number;
  /** Virtual ms the run lasts unless the caller says otherwise. */
  duration: number;
  servers: ServersConfig;
  network: NetworkConfig;
  clients: ClientConfig[];
  faults: Fault[];
}
