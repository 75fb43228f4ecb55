// ZooKeeperServerMain / QuorumPeerMain#initializeAndRun: a server is standalone when its
// configuration names one voter and no observer, a QuorumPeer otherwise. The choice is made here,
// outside ZooKeeperServer, which only knows its role through the ServerRole interface.
import type { NodeId } from '../kernel/types.ts';
import { QuorumPeer } from './quorum/quorum-peer.ts';
import type { RoleFactory } from './role.ts';
import { ZooKeeperServer } from './server.ts';
import { isStandalone, type ServerConfig } from './server-config.ts';
import { StandaloneRole } from './standalone-role.ts';

export function roleFor(config: ServerConfig): RoleFactory {
  return isStandalone(config) ? (host) => new StandaloneRole(host) : (host) => new QuorumPeer(host);
}

export function startServer(id: NodeId, config: ServerConfig): ZooKeeperServer {
  const c = settled(config);
  return new ZooKeeperServer(id, c, roleFor(c));
}

/**
 * The configuration as an object of one fixed shape. What callers hand in is built by spreading
 * (node-spec.ts), and V8 gave those copies a hidden class of their own in each run of a process, so
 * the quorum code's reads of `config.sid`, `config.voters` deoptimized in every new run and were
 * compiled again (issue #13: in a process's 2nd to 5th runs, where the benches measure).
 */
function settled(c: ServerConfig): ServerConfig {
  return {
    sid: c.sid,
    tickTime: c.tickTime,
    initLimit: c.initLimit,
    syncLimit: c.syncLimit,
    minSessionTimeout: c.minSessionTimeout,
    maxSessionTimeout: c.maxSessionTimeout,
    extendedTypes: c.extendedTypes,
    containerCheckMs: c.containerCheckMs,
    snapCount: c.snapCount,
    maxBuffer: c.maxBuffer,
    voters: c.voters,
    observers: c.observers,
    bugs: c.bugs,
    addressOf: c.addressOf,
  };
}
