// What a server is started with (zoo.cfg and the JVM's system properties, as a scenario sets them).
import type { NodeId } from '../kernel/types.ts';
import type { ProtocolBug } from './quorum/bugs.ts';

export interface ServerConfig {
  sid: number;
  tickTime: number;
  initLimit: number;
  syncLimit: number;
  minSessionTimeout: number;
  maxSessionTimeout: number;
  extendedTypes: boolean;
  /** ContainerManager's check interval (znode.container.checkIntervalMs). */
  containerCheckMs: number;
  /** Take a snapshot and roll the log after this many txns (zookeeper.snapCount). */
  snapCount: number;
  /** jute.maxbuffer: a client frame longer than this closes the connection (request-size.ts). */
  maxBuffer: number;
  /** Voting members and observers by sid; a single voter and no observers is standalone mode. */
  voters: readonly number[];
  observers: readonly number[];
  /** Deliberate protocol bugs switched on (quorum/bugs.ts). */
  bugs: ReadonlySet<ProtocolBug>;
  /** The network address a peer connects from, for `ip` ACLs. */
  addressOf(node: NodeId): string;
}

/** Standalone mode (ZooKeeperServerMain) when there is one voter and no observer. */
export const isStandalone = (config: Pick<ServerConfig, 'voters' | 'observers'>): boolean =>
  config.voters.length === 1 && config.observers.length === 0;

/**
 * Whether a server may insist that txns commit in zxid order with no gap. Everything but the
 * deliberate bugs that break log agreement keeps it; under those a replica can be handed an older
 * or a foreign txn on purpose, and catching that is the checker's job, not an assertion's.
 */
export const commitOrderHolds = (bugs: ReadonlySet<ProtocolBug>): boolean =>
  !bugs.has('skip-epoch-agreement') && !bugs.has('diff-instead-of-trunc');
