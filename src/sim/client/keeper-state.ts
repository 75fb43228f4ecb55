// The session states a ZooKeeper client program is told about: Watcher.Event.KeeperState in the
// Java client. Types only, so the trace can name them without importing the client.

/** The states a client program is told about (Watcher.Event.KeeperState). */
export type KeeperState = 'SyncConnected' | 'Disconnected' | 'Expired' | 'Closed' | 'AuthFailed';
