// Everything that travels between nodes; every message has a `type`, which the kernel traces.
import type { ClientToServer, ServerToClient } from './server/protocol.ts';
import type { ElectionNotification } from './server/quorum/election.ts';
import type { QuorumPacket } from './server/quorum/packets.ts';

export type ZkMessage = ClientToServer | ServerToClient | QuorumPacket | ElectionNotification;
