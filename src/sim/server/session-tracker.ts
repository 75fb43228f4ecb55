// SessionTrackerImpl: session ids, timeouts and the expiry clock. Expiry times are rounded up to
// the next multiple of tickTime (ExpiryQueue#roundToNextInterval), and the tracker is checked once
// per tick, so a session expires between `timeout` and `timeout + tickTime` after its last touch.
import type { SessionId } from './protocol.ts';

interface Tracked {
  timeout: number;
  expiresAt: number;
  closing: boolean;
}

/** ZooKeeper reserves these owners for containers and TTL nodes; a session id must never equal one. */
const CONTAINER_EPHEMERAL_OWNER = BigInt.asIntN(64, 0x8000000000000000n);

export class SessionTracker {
  private sessions = new Map<SessionId, Tracked>();
  /** SessionImpl.owner: the connection the session's requests may come through (null: not yet known). */
  private owners = new Map<SessionId, string>();
  private nextSessionId: bigint;
  /** View-only: moves whenever what a picture shows of the sessions may have changed (stamp). */
  private changes = 0;

  constructor(
    private readonly sid: number,
    startTime: number,
    private readonly tickTime: number,
  ) {
    this.nextSessionId = this.initialId(startTime);
  }

  /**
   * SessionTrackerImpl#initializeNextSessionId: top byte = sid, then bits of the clock at start-up,
   * so a restarted server never hands out an id it gave before the crash.
   */
  private initialId(startTime: number): bigint {
    let id = BigInt.asUintN(64, BigInt(Math.max(0, Math.floor(startTime))) << 24n) >> 8n;
    id |= BigInt(this.sid) << 56n;
    return BigInt.asIntN(64, id);
  }

  /** A (re)started server draws new ids from its start time. */
  restartIds(startTime: number): void {
    this.nextSessionId = this.initialId(startTime);
  }

  createSessionId(): SessionId {
    let id = this.nextSessionId++;
    if (id === CONTAINER_EPHEMERAL_OWNER) id = this.nextSessionId++;
    return id;
  }

  private roundUp(t: number): number {
    return (Math.floor(t / this.tickTime) + 1) * this.tickTime;
  }

  /**
   * Moves whenever a session is tracked, removed, marked closing or its expiry time changes, so a
   * picture of the sessions is drawn again only then (view-only: no protocol code reads it).
   */
  get stamp(): number {
    return this.changes;
  }

  /** A new leader (or a restarted server) gives every known session a full timeout. */
  reset(sessions: ReadonlyMap<SessionId, number>, now: number): void {
    this.sessions.clear();
    this.owners.clear();
    this.changes++;
    for (const [id, timeout] of sessions) this.track(id, timeout, now);
  }

  track(id: SessionId, timeout: number, now: number): void {
    this.sessions.set(id, { timeout, expiresAt: this.roundUp(now + timeout), closing: false });
    this.changes++;
  }

  /** False when the session is unknown or already closing (SessionTrackerImpl#touchSession). */
  touch(id: SessionId, now: number): boolean {
    const s = this.sessions.get(id);
    if (!s || s.closing) return false;
    const at = this.roundUp(now + s.timeout);
    if (at > s.expiresAt) {
      s.expiresAt = at;
      this.changes++;
    }
    return true;
  }

  isLive(id: SessionId): boolean {
    const s = this.sessions.get(id);
    return s !== undefined && !s.closing;
  }

  /** When the session is due to expire (a multiple of tickTime), for the views' countdowns. */
  expiresAt(id: SessionId): number | undefined {
    return this.sessions.get(id)?.expiresAt;
  }

  timeout(id: SessionId): number | undefined {
    return this.sessions.get(id)?.timeout;
  }

  setClosing(id: SessionId): void {
    const s = this.sessions.get(id);
    if (s && !s.closing) {
      s.closing = true;
      this.changes++;
    }
  }

  remove(id: SessionId): void {
    if (this.sessions.delete(id)) this.changes++;
    this.owners.delete(id);
  }

  /** SessionTrackerImpl#setOwner: a (re)connect through `owner` was accepted. */
  setOwner(id: SessionId, owner: string): void {
    if (this.sessions.has(id)) this.owners.set(id, owner);
  }

  /**
   * SessionTrackerImpl#checkSession's owner part: a session with no owner yet takes this one; a
   * request through another connection than the owner's is SessionMoved (false here).
   */
  checkOwner(id: SessionId, owner: string): boolean {
    const current = this.owners.get(id);
    if (current === undefined) {
      if (this.sessions.has(id)) this.owners.set(id, owner);
      return true;
    }
    return current === owner;
  }

  /** Make a live session due now; false if there is no such live session. */
  expireAt(id: SessionId, now: number): boolean {
    const s = this.sessions.get(id);
    if (!s || s.closing) return false;
    s.expiresAt = now;
    this.changes++;
    return true;
  }

  /** Sessions whose expiry time has passed, marked closing, in id order. */
  expire(now: number): SessionId[] {
    const out: SessionId[] = [];
    for (const [id, s] of this.sessions) {
      if (!s.closing && s.expiresAt <= now) {
        s.closing = true;
        this.changes++;
        out.push(id);
      }
    }
    return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  ids(): SessionId[] {
    return [...this.sessions.keys()];
  }
}
