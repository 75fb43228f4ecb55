// Two holders of one lock at once (docs/recipes.md, lock / rwlock / election). A client holds lock
// L from its `lock.acquired` (or `lock.resumed`) mark until its `lock.released`, `lock.lost`,
// `lock.suspended` or `lock.failed` mark, or until its process crashes or restarts. Holders
// conflict unless both are readers (`mode: "read"`). Elections are locks: `election.leader` …
// `election.resigned`.
//
// A holder cut off from the ensemble (paused, partitioned, or behind a paused server) cannot know
// that its session expired until it hears from the ensemble again. When a new holder appears while
// the old holder's session has been closed (a committed closeSession), the conflict waits for the
// old holder's next mark on that lock: `lost`/`suspended` (it noticed, as soon as it could) excuses
// it; anything else (`released`, `resumed`, the end of the run) means it went on as the holder —
// two holders (lock_unfenced).
//
// A hold whose lock.acquired names a fenced resource (`fence`) is left to resource-exclusive: with
// fencing, exclusivity is a property of the resource's writes.
import type { TraceEvent } from '../../trace/event.ts';
import type { Invariant, Violation } from '../types.ts';
import { violation } from '../types.ts';
import { ClosedSessions, markOf, NOTICED, processEnded, str } from './recipe-marks.ts';

interface Hold {
  node: string;
  mode: string;
  fenced: boolean;
  suspended: boolean;
  session: string | undefined;
  t: number;
  index: number;
}

const KINDS = new Set(['lock', 'election']);
const ALIASES: Record<string, string> = { leader: 'acquired', resigned: 'released' };

export function lockExclusive(): Invariant {
  const name = 'lock-exclusive';
  /** lock path → client → its hold */
  const locks = new Map<string, Map<string, Hold>>();
  const sessions = new ClosedSessions();
  /** `${lock} ${old holder}` → conflicts waiting for the old holder's next mark */
  const pending = new Map<string, Violation[]>();

  const describe = (lock: string, client: string, h: Hold, other: string, o: Hold) =>
    `${client} holds ${lock} (${h.node}${h.mode === 'exclusive' ? '' : `, ${h.mode}`}) while ${other} still holds it since ${o.t} ms (${o.node}${o.mode === 'exclusive' ? '' : `, ${o.mode}`})`;

  const conflicts = (lock: string, client: string, h: Hold, e: TraceEvent, i: number): Violation[] => {
    if (h.fenced) return [];
    const out: Violation[] = [];
    for (const [other, o] of locks.get(lock) ?? []) {
      if (other === client || o.suspended || o.fenced) continue;
      if (h.mode === 'read' && o.mode === 'read') continue;
      const v = violation(name, e, describe(lock, client, h, other, o), [o.index, i]);
      if (sessions.closedSince(o.session, o.index)) {
        const key = `${lock} ${other}`;
        pending.set(key, [...(pending.get(key) ?? []), v]);
      } else out.push(v);
    }
    return out;
  };

  /** The old holder's next mark on `lock`: excused if it noticed, reported otherwise. */
  const settle = (lock: string, client: string, what: string): Violation[] => {
    const key = `${lock} ${client}`;
    const p = pending.get(key);
    if (!p) return [];
    pending.delete(key);
    if (NOTICED.has(what)) return [];
    return p.map((v) => ({ ...v, message: `${v.message}; its session had expired, and it did not notice` }));
  };

  return {
    name,
    describe:
      'No two clients hold a lock (or lead an election) at once; readers of a read/write lock may share it.',
    kinds: ['lua.mark', 'node.crash', 'node.start', 'txn.commit'],
    observe(e, i) {
      if (sessions.observe(e, i) || e.kind === 'txn.commit') return;
      const ended = processEnded(e);
      if (ended !== null) {
        for (const holders of locks.values()) holders.delete(ended);
        for (const key of [...pending.keys()]) if (key.endsWith(` ${ended}`)) pending.delete(key);
        return;
      }
      const m = markOf(e);
      if (!m) return;
      const dot = m.name.indexOf('.');
      const kind = m.name.slice(0, dot);
      if (!KINDS.has(kind)) return;
      const raw = m.name.slice(dot + 1);
      const what = ALIASES[raw] ?? raw;
      const lock = str(m.fields.lock);
      if (lock === undefined) return;
      const holders = locks.get(lock) ?? new Map<string, Hold>();
      locks.set(lock, holders);
      const found = settle(lock, m.client, what);
      switch (what) {
        case 'acquired': {
          const h: Hold = {
            node: str(m.fields.node) ?? '?',
            mode: str(m.fields.mode) ?? 'exclusive',
            fenced: str(m.fields.fence) !== undefined,
            suspended: false,
            session: str(m.fields.session),
            t: e.t,
            index: i,
          };
          found.push(...conflicts(lock, m.client, h, e, i));
          holders.set(m.client, h);
          break;
        }
        case 'resumed': {
          const h = holders.get(m.client);
          if (!h) break;
          h.suspended = false;
          found.push(...conflicts(lock, m.client, h, e, i));
          break;
        }
        case 'suspended': {
          const h = holders.get(m.client);
          if (h) h.suspended = true;
          break;
        }
        case 'released':
        case 'lost':
        case 'failed':
          holders.delete(m.client);
          break;
      }
      return found;
    },
    finish(ctx) {
      const out = [...pending.values()].flat().map((v) => ({
        ...v,
        message: `${v.message}; its session had expired, and it never noticed`,
      }));
      pending.clear();
      return out.map((v) => ({ ...v, t: ctx.t }));
    },
  };
}
