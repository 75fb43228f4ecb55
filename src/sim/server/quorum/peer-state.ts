// The states a QuorumPeer reports, as types only, so that the trace and the views can name them
// without importing the peer itself (QuorumPeer.ServerState and QuorumPeer.ZabState in ZooKeeper).

/** QuorumPeer.ServerState: what the peer is doing in the ensemble. */
export type PeerState = 'LOOKING' | 'FOLLOWING' | 'LEADING' | 'OBSERVING';

/** QuorumPeer.ZabState: the ZAB phase within that state. */
export type ZabState = 'ELECTION' | 'DISCOVERY' | 'SYNCHRONIZATION' | 'BROADCAST';
