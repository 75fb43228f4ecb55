// Everything that travels between nodes. Quorum (election and ZAB) messages join this union when
// the ensemble lands; every message has a `type`, which the kernel traces.
import type { ClientToServer, ServerToClient } from './server/protocol.ts';

export type ZkMessage = ClientToServer | ServerToClient;
