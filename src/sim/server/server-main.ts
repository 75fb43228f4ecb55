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
  return new ZooKeeperServer(id, config, roleFor(config));
}
