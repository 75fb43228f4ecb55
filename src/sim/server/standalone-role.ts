// Standalone mode (ZooKeeperServer's own pipeline PrepRequestProcessor → SyncRequestProcessor →
// FinalRequestProcessor): a write is prepped, logged and fsynced, then applied and answered.
import type { DiskImage } from '../kernel/types.ts';
import { hex } from '../trace/canonical.ts';
import type { Origin } from './origin.ts';
import type { ForwardedRequest } from './quorum/packets.ts';
import type { RoleStatus, ServerRole } from './role.ts';
import type { RoleHost } from './role-host.ts';
import type { SessionTracker } from './session-tracker.ts';

export class StandaloneRole implements ServerRole {
  private hzxid = -1;

  constructor(private readonly host: RoleHost) {}

  get tracker(): SessionTracker {
    return this.host.sessions;
  }

  /** ZooKeeperServerMain: a snapshot of what was loaded, then serve at once. */
  boot(_image: DiskImage): void {
    this.host.takeSnapshot();
    this.host.startServing();
    this.host.trace({
      kind: 'server.state',
      server: this.host.config.sid,
      state: 'STANDALONE',
      epoch: 0,
      zxid: hex(this.host.db.lastProcessedZxid),
    });
  }

  serving(): boolean {
    return true;
  }

  submit(origin: Origin, body: ForwardedRequest): void {
    if (this.hzxid < 0) this.hzxid = this.host.db.lastProcessedZxid;
    const txn = this.host.prep(origin, body, ++this.hzxid);
    this.host.log(txn);
    this.host.commit(txn);
  }

  /** Standalone: the session's earlier writes are already applied. */
  sync(origin: Origin): void {
    this.host.syncDone(origin);
  }

  revalidate(session: bigint, _timeout: number, done: (valid: boolean) => void): void {
    done(this.tracker.touch(session, this.host.now));
  }

  status(): RoleStatus {
    return { state: 'STANDALONE', zxid: this.host.db.lastProcessedZxid, learners: [] };
  }

  // A standalone server has no peers: nothing else reaches it.
  timer(): void {}
  connected(): void {}
  connectFailed(): void {}
  receive(): void {}
  closed(): void {}
  touched(): void {}
}
