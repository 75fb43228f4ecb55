// The Log tails view and its countdowns (issue #15 item 16) are built from the pictures at the
// cursor. These tests check what they say against the run itself: a countdown's end is the moment
// the thing happens (the election decides, the client times out, the session expires, the follower
// gives up), and the marks and tallies are what the protocol did at that event.
import { describe, expect, it } from 'vitest';
import { type Countdown, countdowns } from '../../src/app/views/countdowns/countdowns.ts';
import { logGrid } from '../../src/app/views/logtails/log-grid.ts';
import { hex } from '../../src/sim/trace/canonical.ts';
import type { WorldView } from '../../src/sim/view/types.ts';
import { example, scenario, start, type ViewRun } from '../support/views.ts';

function waits(v: WorldView): Countdown[] {
  const owners = new Map(v.clients.flatMap((c) => (c.session ? [[c.session, c.node] as const] : [])));
  return countdowns(v, owners);
}

/** Step until `pred` holds for some event; that event. */
function stepToEvent(r: ViewRun, pred: (e: ViewRun['sim']['trace']['events'][number]) => boolean) {
  const events = r.sim.trace.events;
  let seen = events.length;
  let hit: (typeof events)[number] | undefined;
  r.stepUntil(() => {
    for (; seen < events.length; seen++) if (pred(events[seen]!)) hit ??= events[seen];
    return hit !== undefined;
  });
  return hit;
}

describe('log tails', () => {
  it('ack-before-fsync: a follower has the write logged but not fsynced, and commits it that way', async () => {
    const r = await start(example('lessons/ack-before-fsync.json'));
    r.sim.world.runUntil(1305);
    const at1305 = logGrid(r.view().servers);
    const row = at1305.rows.find((x) => x.zxid === '0x100000002')!;
    const zk2 = at1305.columns.findIndex((c) => c.node === 'zk2');
    expect(row.cells[zk2]?.entry).toMatchObject({
      type: 'create2',
      path: '/important',
      logged: true,
      durable: false,
    });
    expect(row.cells[zk2]?.mark).toBe('logged');
    // The leader's own ACK only, a quorum of 2 out of 3 voters.
    expect(row.tally).toEqual({ acks: [3], quorum: 2 });
    expect(at1305.columns.map((c) => [c.node, c.role, c.syncedBy])).toEqual([
      ['zk1', 'FOLLOWING', 'DIFF'],
      ['zk2', 'FOLLOWING', 'DIFF'],
      ['zk3', 'LEADING', null],
    ]);
    r.sim.world.runUntil(1320);
    const committed = logGrid(r.view().servers).rows.find((x) => x.zxid === '0x100000002')!;
    // Committed everywhere, fsynced only on the leader: the state the lesson is about.
    expect(committed.cells.map((c) => [c?.entry.committed, c?.entry.durable])).toEqual([
      [true, false],
      [true, false],
      [true, true],
    ]);
    expect(committed.tally).toBeNull();
    r.close();
  });

  it('the leader counts the ACKs of an outstanding proposal as they arrive', async () => {
    const r = await start(example('lessons/fsync-before-ack.json'));
    const propose = stepToEvent(r, (e) => e.kind === 'zab.propose' && e.zxid === '0x100000002');
    expect(propose).toBeDefined();
    expect(logGrid(r.view().servers).rows.at(-1)?.tally).toEqual({ acks: [3], quorum: 2 });
    r.close();
  });

  it('a rejoining old leader is synced by TRUNC, and the leader says so', async () => {
    const r = await start(example('lessons/rejoin-trunc.json'));
    const sync = stepToEvent(r, (e) => e.kind === 'zab.sync' && e.mode === 'TRUNC');
    expect(sync).toBeDefined();
    const learner = sync!.kind === 'zab.sync' ? `zk${sync!.learner}` : '';
    const column = logGrid(r.view().servers).columns.find((c) => c.node === learner)!;
    expect(column.syncedBy).toBe('TRUNC');
    r.close();
  });

  it("syncLimit on the leader: the followers' ticks left run down to 0, and the next tick the leader gives up", async () => {
    const r = await start(
      scenario({
        duration: 20_000,
        servers: { count: 3 },
        faults: [
          { at: 3000, action: 'pause', target: 'zk1' },
          { at: 3000, action: 'pause', target: 'zk2' },
        ],
      }),
    );
    r.sim.world.runUntil(3000);
    const fresh = logGrid(r.view().servers).columns.filter((c) => c.node !== 'zk3');
    const syncLimit = r.server('zk3').limits!.syncLimit;
    for (const c of fresh) expect(c.ticksLeft).toBeGreaterThan(0);
    for (const c of fresh) expect(c.ticksLeft).toBeLessThanOrEqual(syncLimit);
    const events = r.sim.trace.events;
    let before: (number | null)[] = [];
    let seen = events.length;
    let gaveUp: (typeof events)[number] | undefined;
    r.stepUntil(() => {
      for (; seen < events.length; seen++)
        if (events[seen]!.kind === 'server.abdicate') gaveUp ??= events[seen];
      if (gaveUp) return true;
      before = logGrid(r.view().servers)
        .columns.filter((c) => c.node !== 'zk3')
        .map((c) => c.ticksLeft);
      return false;
    });
    expect(gaveUp).toMatchObject({ server: 3, reason: 'Not sufficient followers synced' });
    expect(before).toEqual([0, 0]);
    r.close();
  });

  it('shows the newest zxids and says how many older ones are left out', async () => {
    const r = await start(example('recipes/lock.json'));
    r.sim.world.runUntil(8000);
    const g = logGrid(r.view().servers, 5);
    expect(g.rows).toHaveLength(5);
    expect(g.hidden).toBeGreaterThan(0);
    const zxids = g.rows.map((x) => BigInt(x.zxid));
    expect([...zxids].sort((a, b) => (a < b ? -1 : 1))).toEqual(zxids);
    r.close();
  });
});

describe('countdowns end when the thing happens', () => {
  it('the finalize wait: a LOOKING server decides when the wait shown just before runs out', async () => {
    const r = await start(example('lessons/leader-election.json'));
    const events = r.sim.trace.events;
    let before: Countdown[] = [];
    let seen = 0;
    const checked: number[] = [];
    r.stepUntil(() => {
      for (; seen < events.length; seen++) {
        const e = events[seen]!;
        if (e.kind !== 'election.decided') continue;
        // A notification can restart the wait (FastLeaderElection re-polls): the last one counts.
        const wait = before.find((w) => w.kind === 'finalize' && w.node === `zk${e.server}`);
        expect(wait).toMatchObject({ at: e.t, total: 200 });
        checked.push(e.server);
      }
      before = waits(r.view());
      return checked.length === 3;
    });
    expect(checked.sort()).toEqual([1, 2, 3]);
    r.close();
  });

  it("a client's read timeout ends with client.timeout when its server is paused", async () => {
    const r = await start(
      scenario({
        duration: 20_000,
        servers: { count: 3 },
        clients: [
          {
            name: 'c',
            start: 500,
            sessionTimeout: 6000,
            connect: [1],
            program: [{ op: 'sleep', ms: 15000 }],
          },
        ],
        faults: [{ at: 3000, action: 'pause', target: 'zk1' }],
      }),
    );
    r.sim.world.runUntil(3000);
    const read = waits(r.view()).find((w) => w.kind === 'read' && w.node === 'c')!;
    expect(read).toMatchObject({ about: 'zk1', total: 4000 });
    const timeout = stepToEvent(r, (e) => e.kind === 'client.timeout');
    expect(timeout?.t).toBe(read.at);
    r.close();
  });

  it("session expiry: the crashed holder's session closes at the tick the countdown names", async () => {
    const r = await start(example('session-expiry.json'));
    r.sim.world.runUntil(3100);
    const session = hex(BigInt('0x100000000000000'));
    const expiry = waits(r.view()).find((w) => w.kind === 'expiry' && w.about === session)!;
    expect(expiry).toMatchObject({ node: 'zk1', total: 6000 });
    const closed = stepToEvent(r, (e) => e.kind === 'txn.commit' && e.type === 'closeSession');
    expect(closed?.t).toBe(expiry.at);
    r.close();
  });

  it('syncLimit: a follower gives up on a paused leader when its countdown ends', async () => {
    const r = await start(
      scenario({
        duration: 20_000,
        servers: { count: 3 },
        faults: [{ at: 3000, action: 'pause', target: 'zk3' }],
      }),
    );
    r.sim.world.runUntil(3000);
    const sync = waits(r.view()).filter((w) => w.kind === 'sync' && w.about === 'zk3');
    expect(sync.map((w) => w.node).sort()).toEqual(['zk1', 'zk2']);
    const first = sync[0]!;
    const gaveUp = stepToEvent(r, (e) => e.kind === 'server.abdicate');
    expect(gaveUp).toMatchObject({
      server: Number(first.node.slice(2)),
      reason: 'leader silent',
      t: first.at,
    });
    r.close();
  });
});
