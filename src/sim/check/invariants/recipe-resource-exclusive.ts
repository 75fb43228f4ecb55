// The resource a lock protects takes writes from one holder at a time (docs/recipes.md,
// fenced_resource / lock_unfenced). Each `resource.write {resource, token?, lock?}` mark is a write
// reaching the resource. A writer's token is the czxid of its lock node (from its last
// `lock.acquired` on that lock); later holders have greater tokens. The store is fenced when the
// write carries its token: an external store (no `version` field) refuses a token below the
// highest it has accepted, so such a write does no harm and is not counted; a znode store
// (`version`: the write happened in ZooKeeper) must never have let it through. A write without a
// token is always taken. Violation: a write taken from an older holder after a newer holder's
// write — the old holder's update lands on top of (and silently undoes) the new one's.
import type { Invariant } from '../types.ts';
import { violation } from '../types.ts';
import { markOf, num, processEnded, str } from './recipe-marks.ts';

export function resourceExclusive(): Invariant {
  const name = 'resource-exclusive';
  /** `${client} ${lock}` → token of the client's latest hold */
  const tokens = new Map<string, number>();
  /** resource → highest token taken, by whom, where in the trace */
  const highest = new Map<string, { token: number; client: string; index: number; t: number }>();
  return {
    name,
    describe:
      'A protected resource never takes a write from an older lock holder after a newer holder has written (fencing tokens).',
    kinds: ['lua.mark', 'node.crash', 'node.start'],
    observe(e, i) {
      const ended = processEnded(e);
      if (ended !== null) {
        for (const k of [...tokens.keys()]) if (k.startsWith(`${ended} `)) tokens.delete(k);
        return;
      }
      const m = markOf(e);
      if (!m) return;
      if (m.name === 'lock.acquired') {
        const lock = str(m.fields.lock);
        const czxid = num(m.fields.czxid);
        if (lock !== undefined && czxid !== undefined) tokens.set(`${m.client} ${lock}`, czxid);
        return;
      }
      if (m.name !== 'resource.write') return;
      const resource = str(m.fields.resource);
      if (resource === undefined) return;
      const explicit = num(m.fields.token);
      const lock = str(m.fields.lock);
      const token = explicit ?? (lock !== undefined ? tokens.get(`${m.client} ${lock}`) : undefined);
      const top = highest.get(resource);
      if (token === undefined) {
        return [violation(name, e, `${m.client} wrote ${resource} without holding its lock`, [i])];
      }
      if (top && token < top.token) {
        // An external fenced store refuses it: no harm done.
        if (explicit !== undefined && m.fields.version === undefined) return;
        return [
          violation(
            name,
            e,
            `${m.client} wrote ${resource} with the token of an older lock hold (${token}) after ${top.client} had written with ${top.token} at ${top.t} ms: a stale holder's write was taken`,
            [top.index, i],
          ),
        ];
      }
      if (!top || token > top.token) highest.set(resource, { token, client: m.client, index: i, t: e.t });
      return;
    },
  };
}
