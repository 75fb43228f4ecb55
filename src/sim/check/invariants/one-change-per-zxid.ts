// A zxid names one change (ZooKeeper Programmer's Guide, "Time in ZooKeeper": "Every change to the
// ZooKeeper state receives a stamp in the form of a zxid … Each change will have a unique zxid";
// the leader numbers its proposals, Leader#propose, with the epoch in the high 32 bits, ZxidUtils).
// Checked on what clients see, whatever server answered them:
//   1. two OK write replies (create, delete, set, setACL, multi) never carry the same zxid: each
//      write is its own txn;
//   2. a Stat whose czxid is z shows the node that the create at z made, and one whose mzxid is z
//      the node that the create or setData at z wrote: when z was acknowledged as a single write
//      (not a multi, whose one zxid covers several nodes), it was a create (or a set) of that path;
//   3. the state a change leaves a node in is one state: two Stats of a path with the same mzxid
//      agree on czxid, ctime, mtime, version, dataLength and ephemeralOwner (the txn carries its
//      time; DataTree applies it the same way on every replica), and on the data where both
//      replies carry it.
// Two leaders of one epoch (the skip-epoch-agreement bug) hand out the same zxids for different
// txns; the clients of each see their own, and this is where the two histories meet.
import type { TraceStat } from '../../trace/result.ts';
import type { Reply } from '../observed.ts';
import type { Invariant, Violation } from '../types.ts';
import { hexZxid, violation, zxidOf } from '../types.ts';
import { ZxidMap } from '../zxid-map.ts';

/** Write ops whose OK reply carries the zxid of their own txn. */
const CHANGES: ReadonlySet<string> = new Set(['create', 'delete', 'set', 'set_acl', 'multi']);

interface Ack {
  client: string;
  op: string;
  path: string | null;
  index: number;
}

interface Seen {
  client: string;
  path: string;
  index: number;
}

interface State {
  /** The Stat as the reply carried it (the trace keeps it: no copy, no text until one is reported). */
  stat: TraceStat;
  data: string | null | undefined;
  client: string;
  index: number;
}

const stateKey = (s: TraceStat): string =>
  `czxid ${s.czxid}, ctime ${s.ctime}, mtime ${s.mtime}, version ${s.version}, dataLength ${s.dataLength}, ephemeralOwner ${s.ephemeralOwner}`;

/** The fields stateKey names, compared without writing them out. */
const sameState = (a: TraceStat, b: TraceStat): boolean =>
  a.czxid === b.czxid &&
  a.ctime === b.ctime &&
  a.mtime === b.mtime &&
  a.version === b.version &&
  a.dataLength === b.dataLength &&
  a.ephemeralOwner === b.ephemeralOwner;

/** The nodes a reply shows with a path, their Stat, and their data when the reply carries it. */
function statsOf(e: Reply): { path: string; stat: TraceStat; data?: string | null }[] {
  const r = e.result;
  if (!r) return [];
  const out: { path: string; stat: TraceStat; data?: string | null }[] = [];
  const path = e.op === 'create' ? (r.path ?? null) : e.path;
  if (r.stat && path !== null)
    out.push(e.op === 'get' ? { path, stat: r.stat, data: r.data } : { path, stat: r.stat });
  for (const sub of r.results ?? [])
    if (sub.op === 'create' && sub.stat) out.push({ path: sub.path, stat: sub.stat });
  return out;
}

export function oneChangePerZxid(): Invariant {
  const name = 'one-change-per-zxid';
  const acks = new ZxidMap<Ack>();
  /** The first node seen with this czxid / mzxid. */
  const created = new ZxidMap<Seen>();
  const modified = new ZxidMap<Seen>();
  /**
   * Path → the node's state as first seen after each change (mzxid): one state, or a map by mzxid
   * once a second change shows (most paths are only ever seen as created; a string key per state
   * cost ~100 bytes each).
   */
  const states = new Map<string, State | Map<string, State>>();
  const firstState = (path: string, mzxid: string): State | undefined => {
    const s = states.get(path);
    if (s === undefined || s instanceof Map) return s?.get(mzxid);
    return `${s.stat.mzxid}` === mzxid ? s : undefined;
  };
  const keepState = (path: string, state: State): void => {
    const s = states.get(path);
    if (s === undefined) states.set(path, state);
    else if (s instanceof Map) s.set(`${state.stat.mzxid}`, state);
    else
      states.set(
        path,
        new Map([
          [`${s.stat.mzxid}`, s],
          [`${state.stat.mzxid}`, state],
        ]),
      );
  };
  const ackText = (z: number, a: Ack) =>
    `${hexZxid(z)} was acknowledged to client ${a.client} for ${a.op} ${a.path ?? ''}`.trimEnd();

  /** Rule 2: a node seen with czxid (what 'created') or mzxid ('modified') z, against the write acknowledged at z. */
  const against = (z: number, a: Ack, what: 'created' | 'modified', s: Seen, e: { t: number }, i: number) => {
    if (a.op === 'multi') return undefined;
    const fits = a.path === s.path && (a.op === 'create' || (what === 'modified' && a.op === 'set'));
    if (fits) return undefined;
    return violation(
      name,
      e,
      `${ackText(z, a)}, but client ${s.client} saw ${s.path} ${what} by ${hexZxid(z)} (${what === 'created' ? 'czxid' : 'mzxid'})`,
      [Math.min(a.index, s.index), Math.max(a.index, s.index), i].filter((x, k, xs) => xs.indexOf(x) === k),
    );
  };

  return {
    name,
    describe:
      'A zxid names one change: no two acknowledged writes share one, and every Stat that names it shows that change.',
    kinds: ['client.reply'],
    observe(e, i) {
      if (e.ok !== true) return undefined;
      const found: Violation[] = [];
      const client = String(e.client);
      /** A zxid this reply acknowledged a second time: its own Stat is not reported again. */
      let twice: number | null = null;
      if (e.zxid !== undefined && typeof e.op === 'string' && CHANGES.has(e.op)) {
        const z = zxidOf(e.zxid);
        const path = e.op === 'create' ? (e.result?.path ?? e.path) : e.path;
        const ack: Ack = { client, op: e.op, path, index: i };
        const before = acks.get(z);
        if (before) {
          twice = z;
          found.push(
            violation(
              name,
              e,
              `${ackText(z, before)} and to client ${client} for ${e.op} ${path ?? ''}`.trimEnd(),
              [before.index, i],
            ),
          );
        } else {
          acks.set(z, ack);
          const c = created.get(z);
          const m = modified.get(z);
          const v = (c && against(z, ack, 'created', c, e, i)) || (m && against(z, ack, 'modified', m, e, i));
          if (v) found.push(v);
        }
      }
      for (const { path, stat, data } of statsOf(e)) {
        const seen: Seen = { client, path, index: i };
        // One report per node: a fresh node's czxid and mzxid are the same zxid.
        let reported = false;
        for (const [what, z, map] of [
          ['created', zxidOf(stat.czxid), created],
          ['modified', zxidOf(stat.mzxid), modified],
        ] as const) {
          if (!map.has(z)) map.set(z, seen);
          const a = acks.get(z);
          const v =
            a && !reported && a.index !== i && z !== twice ? against(z, a, what, seen, e, i) : undefined;
          if (v) {
            found.push(v);
            reported = true;
          }
        }
        const first = firstState(path, `${stat.mzxid}`);
        if (!first) {
          keepState(path, { stat, data, client, index: i });
          continue;
        }
        const differs = sameState(first.stat, stat) ? null : `${stateKey(first.stat)} vs ${stateKey(stat)}`;
        const dataDiffers =
          first.data !== undefined && data !== undefined && first.data !== data
            ? `data ${JSON.stringify(first.data)} vs ${JSON.stringify(data)}`
            : null;
        if (differs === null && dataDiffers === null) {
          if (first.data === undefined && data !== undefined) first.data = data;
          continue;
        }
        found.push(
          violation(
            name,
            e,
            `${path} as left by ${stat.mzxid} (mzxid) differs between client ${first.client} and client ${client}: ${differs ?? dataDiffers}`,
            [first.index, i],
          ),
        );
      }
      return found.length > 0 ? found : undefined;
    },
  };
}
