// No over-subscribed semaphore (docs/recipes.md, semaphore): at no time do more clients hold
// leases of a semaphore than its `max`. A client holds from `semaphore.acquired {semaphore, max,
// session}` (or `semaphore.resumed`) until `semaphore.released`, `.lost`, `.suspended`, `.failed`,
// or the end of its process. As in lock-exclusive, a holder whose session the ensemble has closed
// is excused if its next semaphore mark says it noticed (lost/suspended); otherwise it counted.
import type { TraceEvent } from '../../trace/event.ts';
import type { Invariant, Violation } from '../types.ts';
import { violation } from '../types.ts';
import { ClosedSessions, markOf, NOTICED, num, processEnded, str } from './recipe-marks.ts';

interface Holder {
  index: number;
  suspended: boolean;
  session: string | undefined;
}

export function semaphoreLimit(): Invariant {
  const name = 'semaphore-limit';
  const sems = new Map<string, { max: number; holders: Map<string, Holder> }>();
  const sessions = new ClosedSessions();
  /** over-subscriptions waiting for the doubtful holders' next marks */
  let pending: { v: Violation; doubtful: Set<string>; sem: string }[] = [];

  const check = (path: string, e: TraceEvent, i: number): Violation[] => {
    const s = sems.get(path)!;
    const active = [...s.holders].filter(([, x]) => !x.suspended);
    if (active.length <= s.max) return [];
    const v = violation(
      name,
      e,
      `${active.length} clients hold ${path} at once (${active.map(([c]) => c).join(', ')}), max ${s.max}`,
      [...active.map(([, x]) => x.index).filter((x) => x !== i), i],
    );
    const doubtful = active.filter(([, x]) => sessions.closedSince(x.session, x.index)).map(([c]) => c);
    if (active.length - doubtful.length > s.max || doubtful.length === 0) return [v];
    pending.push({ v, doubtful: new Set(doubtful), sem: path });
    return [];
  };

  /** A doubtful holder's next mark: noticed → excused; anything else → the violation stands. */
  const settle = (path: string, client: string, what: string | null): Violation[] => {
    const out: Violation[] = [];
    pending = pending.filter((p) => {
      if (p.sem !== path || !p.doubtful.has(client)) return true;
      if (what !== null && !NOTICED.has(what)) {
        out.push({
          ...p.v,
          message: `${p.v.message}; ${client}'s session had expired, and it did not notice`,
        });
        return false;
      }
      p.doubtful.delete(client);
      return p.doubtful.size > 0;
    });
    return out;
  };

  return {
    name,
    describe: 'A semaphore never has more holders at once than its number of leases.',
    kinds: ['lua.mark', 'node.crash', 'node.start', 'txn.commit'],
    observe(e, i) {
      if (sessions.observe(e, i) || e.kind === 'txn.commit') return;
      const ended = processEnded(e);
      if (ended !== null) {
        for (const [path, s] of sems) {
          s.holders.delete(ended);
          settle(path, ended, null);
        }
        return;
      }
      const m = markOf(e);
      if (!m?.name.startsWith('semaphore.')) return;
      const path = str(m.fields.semaphore);
      if (path === undefined) return;
      const s = sems.get(path) ?? { max: Number.POSITIVE_INFINITY, holders: new Map() };
      sems.set(path, s);
      const what = m.name.slice('semaphore.'.length);
      const found = settle(path, m.client, what);
      if (what === 'acquired' || what === 'resumed') {
        const max = num(m.fields.max);
        if (max !== undefined) s.max = max;
        const h = s.holders.get(m.client);
        if (h) h.suspended = false;
        else if (what === 'acquired')
          s.holders.set(m.client, { index: i, suspended: false, session: str(m.fields.session) });
        else return found;
        found.push(...check(path, e, i));
      } else if (what === 'suspended') {
        const h = s.holders.get(m.client);
        if (h) h.suspended = true;
      } else if (what === 'released' || what === 'lost' || what === 'failed') s.holders.delete(m.client);
      return found;
    },
    finish(ctx) {
      const out = pending.map((p) => ({
        ...p.v,
        t: ctx.t,
        message: `${p.v.message}; ${[...p.doubtful].join(', ')} never noticed that its session had expired`,
      }));
      pending = [];
      return out;
    },
  };
}
