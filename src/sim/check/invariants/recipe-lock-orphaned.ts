// No lock is orphaned by a dead process (docs/recipes.md, lock vs lock_persistent). At the end of
// the run, a lock node (from `lock.queued {lock, node}`) whose client crashed after creating it must
// be gone from the freshest live server once that client's session has had time to expire — more
// than twice its session timeout plus 5 s after the crash and after the last fault — whenever other
// clients still wait for that lock (`lock.waiting` with no later acquired/failed/lost). Ephemeral
// lock nodes go with the session; a persistent one stays forever and the waiters deadlock.
import type { Invariant } from '../types.ts';
import { violation } from '../types.ts';
import { freshest, markOf, num, str } from './recipe-marks.ts';

const GRACE_MS = 5000;
const DEFAULT_TIMEOUT = 10_000;

export function lockOrphaned(): Invariant {
  const name = 'lock-orphaned';
  const queued = new Map<string, { client: string; lock: string; t: number; index: number }>();
  /** lock → client → index of its lock.waiting */
  const waiting = new Map<string, Map<string, number>>();
  const crashes = new Map<string, { t: number; index: number }[]>();
  const timeouts = new Map<string, number>();
  let lastFault = 0;
  return {
    name,
    describe:
      'A lock node of a crashed client is gone once its session has had time to expire, if others wait for the lock.',
    kinds: ['lua.mark', 'node.crash', 'node.start', 'client.session', 'fault'],
    observe(e, i) {
      if (e.kind === 'fault') {
        lastFault = e.t;
        return;
      }
      if (e.kind === 'client.session' && typeof e.client === 'string') {
        const t = num(e.timeout);
        if (t !== undefined) timeouts.set(e.client, Math.max(t, timeouts.get(e.client) ?? 0));
        return;
      }
      if ((e.kind === 'node.crash' || e.kind === 'node.start') && typeof e.node === 'string') {
        if (e.kind === 'node.crash')
          crashes.set(e.node, [...(crashes.get(e.node) ?? []), { t: e.t, index: i }]);
        for (const w of waiting.values()) w.delete(e.node);
        return;
      }
      const m = markOf(e);
      if (!m) return;
      const what = m.name.slice(m.name.indexOf('.') + 1);
      const lock = str(m.fields.lock);
      const node = str(m.fields.node);
      if (lock === undefined) return;
      if (what === 'queued' && node !== undefined)
        queued.set(node, { client: m.client, lock, t: e.t, index: i });
      const w = waiting.get(lock) ?? new Map<string, number>();
      waiting.set(lock, w);
      if (what === 'waiting') w.set(m.client, i);
      else if (['acquired', 'leader', 'failed', 'lost', 'released', 'resigned'].includes(what))
        w.delete(m.client);
      return;
    },
    finish(ctx) {
      const server = freshest(ctx.servers);
      if (!server) return [];
      const last = ctx.events.at(-1);
      const out = [];
      for (const [node, q] of queued) {
        const crash = (crashes.get(q.client) ?? []).find((c) => c.t >= q.t);
        if (!crash) continue;
        const since = Math.max(crash.t, lastFault);
        const grace = 2 * (timeouts.get(q.client) ?? DEFAULT_TIMEOUT) + GRACE_MS;
        if (ctx.t - since <= grace) continue;
        const waiters = [...(waiting.get(q.lock) ?? [])].filter(([c]) => c !== q.client);
        if (waiters.length === 0) continue;
        if (!server.database.peek(node)) continue;
        const e = last ?? { t: ctx.t, kind: 'end' };
        out.push(
          violation(
            name,
            e,
            `${node} of ${q.client} (crashed at ${crash.t} ms) is still there at ${ctx.t} ms on ${server.id}; ${waiters.map(([c]) => c).join(', ')} wait(s) for ${q.lock} forever`,
            [q.index, crash.index, ...waiters.map(([, idx]) => idx)],
          ),
        );
      }
      return out;
    },
  };
}
