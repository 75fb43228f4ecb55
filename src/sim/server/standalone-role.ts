// Standalone mode (ZooKeeperServer's own pipeline PrepRequestProcessor → SyncRequestProcessor →
// FinalRequestProcessor): a write is prepped, logged and fsynced, then applied and answered.
import type { ForwardedRequest } from './quorum/packets.ts';
import type { Origin, WritePath } from './role.ts';
import type { ZooKeeperServer } from './server.ts';
import type { SessionTracker } from './session-tracker.ts';

export class StandaloneRole implements WritePath {
  private hzxid = -1;

  constructor(private readonly server: ZooKeeperServer) {}

  get tracker(): SessionTracker {
    return this.server.sessions;
  }

  serving(): boolean {
    return true;
  }

  submit(origin: Origin, body: ForwardedRequest): void {
    if (this.hzxid < 0) this.hzxid = this.server.db.lastProcessedZxid;
    const txn = this.server.prep(origin, body, ++this.hzxid);
    for (const out of this.server.disk.log(txn)) this.server.emit(out);
    this.server.commit(txn);
  }

  /** Standalone: the session's earlier writes are already applied. */
  sync(origin: Origin): void {
    this.server.syncDone(origin);
  }

  revalidate(session: bigint, _timeout: number, done: (valid: boolean) => void): void {
    done(this.tracker.touch(session, this.server.now));
  }
}
