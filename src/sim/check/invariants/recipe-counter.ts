// No lost counter updates (docs/recipes.md, counter vs counter_unsafe). Each `counter.set {counter,
// value, version, delta}` mark is an acknowledged increment that produced `version` of the
// counter node. Online: the value written at version v must be the value at version v-1 plus the
// delta (version 0 is the initial "0"), or the writer computed it from an older value and the
// increment written in between is lost. At the end: the counter on the freshest live server must
// be at least the sum of the acknowledged increments (increments whose set ended in ConnectionLoss
// may have been applied as well, so it may be more, never less).
import type { Invariant, Violation } from '../types.ts';
import { violation } from '../types.ts';
import { freshest, markOf, num, str } from './recipe-marks.ts';

interface Set {
  value: number;
  delta: number;
  client: string;
  index: number;
}

export function counterLostUpdate(): Invariant {
  const name = 'counter-lost-update';
  const counters = new Map<
    string,
    { versions: Map<number, Set>; acked: number; count: number; last: number }
  >();

  const check = (counter: string, v: number, e: Parameters<Invariant['observe']>[0]): Violation[] => {
    const c = counters.get(counter)!;
    const cur = c.versions.get(v);
    if (!cur) return [];
    const before = v === 1 ? { value: 0, index: cur.index } : c.versions.get(v - 1);
    if (!before || cur.value === before.value + cur.delta) return [];
    return [
      violation(
        name,
        e,
        `${cur.client} wrote ${counter} = ${cur.value} (version ${v}, +${cur.delta}) over ${before.value} (version ${v - 1}): it computed from an older value, an increment is lost`,
        v === 1 ? [cur.index] : [before.index, cur.index],
      ),
    ];
  };

  return {
    name,
    describe: 'Every acknowledged counter increment is kept: no set overwrites an increment it did not see.',
    kinds: ['lua.mark'],
    observe(e, i) {
      const m = markOf(e);
      if (!m?.name.endsWith('.set')) return;
      const counter = str(m.fields.counter);
      const value = num(m.fields.value);
      const version = num(m.fields.version);
      const delta = num(m.fields.delta) ?? 1;
      if (counter === undefined || value === undefined || version === undefined) return;
      const c = counters.get(counter) ?? { versions: new Map(), acked: 0, count: 0, last: i };
      counters.set(counter, c);
      c.acked += delta;
      c.count++;
      c.last = i;
      c.versions.set(version, { value, delta, client: m.client, index: i });
      const found = [...check(counter, version, e), ...check(counter, version + 1, e)];
      return found;
    },
    finish(ctx) {
      const server = freshest(ctx.servers);
      if (!server) return [];
      const out: Violation[] = [];
      for (const [counter, c] of counters) {
        const node = server.database.peek(counter);
        const final = node ? Number(node.data ?? '0') : Number.NaN;
        if (!Number.isFinite(final) || final >= c.acked) continue;
        const e = ctx.events.at(-1) ?? { t: ctx.t, kind: 'end' };
        out.push(
          violation(
            name,
            e,
            `${counter} ends at ${final} on ${server.id}, but ${c.count} acknowledged increments add up to ${c.acked}: ${c.acked - final} lost`,
            [c.last],
          ),
        );
      }
      return out;
    },
  };
}
