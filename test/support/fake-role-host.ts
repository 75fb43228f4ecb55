// A small stand-in for the server a role runs on (RoleHost) and for the QuorumPeer that runs a
// Leader or a Learner (ZabPeer), in the spirit of etcd raft's MemoryStorage: a real ZkDatabase,
// and every output, commit, log append and reload recorded, so a test drives a role packet by
// packet and reads what it did.
import type { NodeOutput } from '../../src/sim/kernel/types.ts';
import type { ZkMessage } from '../../src/sim/messages.ts';
import { sidOfNodeId } from '../../src/sim/node-id.ts';
import type { Origin } from '../../src/sim/server/origin.ts';
import { pRequest } from '../../src/sim/server/prep.ts';
import type { ForwardedRequest, QuorumPacket } from '../../src/sim/server/quorum/packets.ts';
import type { PeerState, ZabState } from '../../src/sim/server/quorum/peer-state.ts';
import type { ZabPeer } from '../../src/sim/server/quorum/zab-peer.ts';
import type { RoleHost } from '../../src/sim/server/role-host.ts';
import type { ServerConfig } from '../../src/sim/server/server-config.ts';
import { SessionTracker } from '../../src/sim/server/session-tracker.ts';
import type { Txn } from '../../src/sim/server/txn.ts';
import { ZkDatabase } from '../../src/sim/server/zkdatabase.ts';
import type { TraceBody } from '../../src/sim/trace/event.ts';

export function fakeConfig(sid: number, over: Partial<ServerConfig> = {}): ServerConfig {
  return {
    sid,
    tickTime: 2000,
    initLimit: 10,
    syncLimit: 5,
    minSessionTimeout: 4000,
    maxSessionTimeout: 40000,
    extendedTypes: false,
    containerCheckMs: 1000,
    snapCount: 100_000,
    maxBuffer: 0xfffff,
    voters: [1, 2, 3],
    observers: [],
    bugs: new Set(),
    addressOf: (node) => `10.0.0.${sidOfNodeId(node)}`,
    ...over,
  };
}

export class FakeRoleHost implements RoleHost {
  now = 0;
  db = new ZkDatabase({ extendedTypes: false });
  readonly sessions: SessionTracker;
  readonly out: NodeOutput<ZkMessage>[] = [];
  readonly traces: TraceBody[] = [];
  /** Txns handed to commit(), in order. */
  readonly committed: Txn[] = [];
  /** Txns appended to the log, with whether they were fsynced with the append. */
  readonly logged: { txn: Txn; fsync: boolean }[] = [];
  readonly syncs: Origin[] = [];
  /** snapshot / trunc <zxid> / fastforward <n>, in order. */
  readonly reloads: string[] = [];
  snapshots = 0;
  serving = false;
  /** Replace the PrepRequestProcessor (a test can make it misbehave). */
  prepWith: ((origin: Origin, body: ForwardedRequest, zxid: number) => Txn) | null = null;

  constructor(readonly config: ServerConfig) {
    this.sessions = new SessionTracker(config.sid, 0, config.tickTime);
  }

  emit(out: NodeOutput<ZkMessage>): void {
    this.out.push(out);
  }

  trace(event: TraceBody): void {
    this.traces.push(event);
  }

  prep(origin: Origin, body: ForwardedRequest, zxid: number): Txn {
    return this.prepWith
      ? this.prepWith(origin, body, zxid)
      : pRequest(this.db, null, origin, body, zxid, this.now);
  }

  log(txn: Txn, fsync = true): void {
    this.logged.push({ txn, fsync });
  }

  fsync(): void {}

  takeSnapshot(): void {
    this.snapshots++;
  }

  commit(txn: Txn): void {
    this.db.processTxn(txn);
    this.db.addCommittedProposal(txn);
    this.committed.push(txn);
  }

  syncDone(origin: Origin): void {
    this.syncs.push(origin);
  }

  fastForward(txns: readonly Txn[]): void {
    for (const txn of txns) this.db.processTxn(txn);
    this.reloads.push(`fastforward ${txns.length}`);
  }

  loadSnapshot(snapshot: unknown): void {
    this.db = ZkDatabase.fromSnapshot({ extendedTypes: false }, snapshot);
    this.reloads.push('snapshot');
  }

  truncateTo(zxid: number): void {
    this.reloads.push(`trunc 0x${zxid.toString(16)}`);
  }

  startServing(): void {
    this.serving = true;
  }

  stopServing(): void {
    this.serving = false;
  }

  /** The quorum packets sent on `conn`, oldest first (and forgotten, so the next call shows only newer ones). */
  sentOn(conn: number): QuorumPacket[] {
    const sent: QuorumPacket[] = [];
    for (let i = 0; i < this.out.length; i++) {
      const o = this.out[i]!;
      if (o.type === 'send' && o.conn === conn) {
        sent.push(o.msg as QuorumPacket);
        this.out.splice(i--, 1);
      }
    }
    return sent;
  }
}

export class FakeZabPeer implements ZabPeer {
  acceptedEpoch = 0;
  currentEpoch = 0;
  readonly states: string[] = [];
  elections = 0;

  constructor(readonly host: FakeRoleHost) {}

  get sid(): number {
    return this.host.config.sid;
  }

  get lastLoggedZxid(): number {
    return this.host.db.lastProcessedZxid;
  }

  setState(state: PeerState, zabState: ZabState): void {
    this.states.push(`${state}/${zabState}`);
  }

  writeEpoch(file: 'acceptedEpoch' | 'currentEpoch', epoch: number): void {
    this[file] = epoch;
  }

  lookForLeader(): void {
    this.elections++;
  }
}

/** A txn as PrepRequestProcessor makes it: a new session `session` at `zxid`. */
export function sessionTxn(session: bigint, zxid: number): Txn {
  return new ZkDatabase({ extendedTypes: false }).prepCreateSession(
    { sessionId: session, cxid: 0, authIds: [] },
    10_000,
    zxid,
    0,
  );
}
