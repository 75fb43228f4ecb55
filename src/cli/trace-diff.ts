// Two traces of the same scenario, side by side (`npm run diff`): typically a simulated run and a
// live one against a real ZooKeeper. Each trace is cut into its clients' own events, normalised so
// that what legitimately differs between two runs does not count, and the clients' sequences are
// aligned (longest common subsequence over what each event is about) and compared field by field.
//
// Normalisation:
// - `t` and the Stat's ctime/mtime are dropped (wall clock vs virtual time);
// - session ids become the name of the client whose session it is (its first client.session), in
//   Stats' ephemeralOwner and inside lua.log / lua.error / lua.mark text too;
// - zxids (and numbers in lua.mark fields named czxid, mzxid, pzxid or zxid: a lock's fencing
//   token) become offsets from the smallest zxid any client saw ("+0x3"; 0 stays 0x0), so two runs
//   whose servers numbered the same transactions the same way agree whatever the servers' history
//   before the run (an ensemble's epoch included);
// - client.timeout and node.* events are left out (when a read times out depends on the machine).

export type TraceLine = Record<string, unknown> & { kind: string };

export interface NormEvent {
  /** What the event is about: aligned events have equal keys. */
  key: string;
  /** The event's other fields, flattened ("result.stat.version" → "1"). */
  fields: Map<string, string>;
}

export interface FieldDifference {
  field: string;
  a: string | undefined;
  b: string | undefined;
}

export type Difference =
  | { client: string; type: 'only-a'; index: number; event: NormEvent }
  | { client: string; type: 'only-b'; index: number; event: NormEvent }
  | {
      client: string;
      type: 'changed';
      indexA: number;
      indexB: number;
      key: string;
      fields: FieldDifference[];
    };

const CLIENT_KINDS = new Set([
  'client.request',
  'client.reply',
  'client.event',
  'client.session',
  'lua.log',
  'lua.error',
  'lua.mark',
  'lua.done',
]);
const ZXID_FIELDS = new Set(['zxid', 'czxid', 'mzxid', 'pzxid']);
/** Fields keyOf() already shows. */
const KEY_FIELDS = new Set(['op', 'path', 'type', 'state', 'name']);
const DROPPED = new Set(['t', 'ctime', 'mtime', 'kind', 'client']);

/** Parses JSONL; a line that is not a JSON object with a string `kind` is an error naming the line. */
export function parseTrace(text: string, name: string): TraceLine[] {
  const out: TraceLine[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!.trim();
    if (l === '') continue;
    let v: unknown;
    try {
      v = JSON.parse(l);
    } catch (e) {
      throw new Error(`${name}:${i + 1}: not JSON (${(e as Error).message})`);
    }
    if (typeof v !== 'object' || v === null || typeof (v as { kind?: unknown }).kind !== 'string')
      throw new Error(`${name}:${i + 1}: not a trace event (an object with a "kind")`);
    out.push(v as TraceLine);
  }
  return out;
}

/** Each client's events, normalised, in trace order. */
export function normalise(trace: readonly TraceLine[]): Map<string, NormEvent[]> {
  const sessions = new Map<string, string>();
  let base: bigint | null = null;
  const note = (v: unknown) => {
    const z = zxidValue(v);
    // 0 is no transaction's zxid (an auth reply's header carries it): it is kept as it is.
    if (z === null || z === 0n) return;
    if (base === null || z < base) base = z;
  };
  for (const e of trace) {
    if (!CLIENT_KINDS.has(e.kind)) continue;
    if (e.kind === 'client.session' && typeof e.session === 'string' && !sessions.has(e.session))
      sessions.set(e.session, String(e.client));
    // An auth reply's header zxid is no transaction's (ZooKeeperServer#processPacket answers auth
    // packets outside the pipeline): it does not set the base.
    if (e.kind === 'client.reply' && e.op === 'add_auth') continue;
    walk(e, '', (field, v) => {
      if (ZXID_FIELDS.has(leaf(field))) note(v);
    });
  }
  const zxid = (v: unknown): string => {
    const z = zxidValue(v);
    if (z === null || z === 0n || base === null) return typeof v === 'string' ? v : JSON.stringify(v);
    const d = z - base;
    return d < 0n ? `-0x${(-d).toString(16)}` : `+0x${d.toString(16)}`;
  };
  const session = (v: unknown): string => {
    if (v === '0x0') return '0x0';
    const name = typeof v === 'string' ? sessions.get(v) : undefined;
    return name === undefined ? String(v) : `<session of ${name}>`;
  };
  const text = (s: string): string => {
    let out = s;
    for (const [id, name] of sessions) out = out.split(id).join(`<session of ${name}>`);
    return out;
  };

  const out = new Map<string, NormEvent[]>();
  for (const e of trace) {
    if (!CLIENT_KINDS.has(e.kind)) continue;
    const client = String(e.client);
    const fields = new Map<string, string>();
    walk(e, '', (field, v) => {
      const name = leaf(field);
      if (DROPPED.has(name)) return;
      if (ZXID_FIELDS.has(name)) fields.set(field, zxid(v));
      else if (name === 'session' || name === 'ephemeralOwner') fields.set(field, session(v));
      else if (typeof v === 'string' && e.kind.startsWith('lua.')) fields.set(field, JSON.stringify(text(v)));
      else fields.set(field, JSON.stringify(v));
    });
    const list = out.get(client) ?? [];
    list.push({ key: keyOf(e), fields });
    out.set(client, list);
  }
  return out;
}

/** What an event is about, for alignment: its kind with its op / type / state / path. */
function keyOf(e: TraceLine): string {
  switch (e.kind) {
    case 'client.request':
    case 'client.reply':
      return `${e.kind} ${String(e.op)} ${String(e.path)}`;
    case 'client.event':
      return e.type === 'None'
        ? `${e.kind} ${String(e.state)}`
        : `${e.kind} ${String(e.type)} ${String(e.path)}`;
    case 'client.session':
      return `${e.kind} ${String(e.state)}`;
    case 'lua.mark':
      return `${e.kind} ${String(e.name)}`;
    default:
      return e.kind;
  }
}

/** A zxid as the trace writes it ("0x1f"), or as a script's mark holds it (a number); else null. */
function zxidValue(v: unknown): bigint | null {
  if (typeof v === 'string' && /^0x[0-9a-f]+$/.test(v)) return BigInt(v);
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  return null;
}

function leaf(field: string): string {
  const dot = field.lastIndexOf('.');
  return dot < 0 ? field : field.slice(dot + 1);
}

/** Calls `f` for every leaf value, with its dotted path (array items by index). */
function walk(v: unknown, at: string, f: (field: string, v: unknown) => void): void {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length === 0 && at !== '') f(at, {});
    for (const [k, x] of entries) walk(x, at === '' ? k : `${at}.${k}`, f);
  } else if (Array.isArray(v) && v.every((x) => x === null || typeof x !== 'object')) {
    // Lists of plain values (children) compare as one field: their order is part of the value.
    f(at, v);
  } else if (Array.isArray(v)) {
    if (v.length === 0) f(at, []);
    for (const [i, x] of v.entries()) walk(x, `${at}.${i}`, f);
  } else f(at, v);
}

/** Above this many cells the alignment falls back to position by position. */
const MAX_LCS_CELLS = 4_000_000;

/** Every difference between two normalised traces, client by client (clients in a's order, then b's). */
export function diffNormalised(a: Map<string, NormEvent[]>, b: Map<string, NormEvent[]>): Difference[] {
  const clients = [...new Set([...a.keys(), ...b.keys()])];
  const out: Difference[] = [];
  for (const client of clients) {
    const xs = a.get(client) ?? [];
    const ys = b.get(client) ?? [];
    for (const [i, j] of align(xs, ys)) {
      if (j === null) out.push({ client, type: 'only-a', index: i!, event: xs[i!]! });
      else if (i === null) out.push({ client, type: 'only-b', index: j, event: ys[j]! });
      else {
        const fields = compareFields(xs[i]!.fields, ys[j]!.fields);
        if (fields.length > 0)
          out.push({ client, type: 'changed', indexA: i, indexB: j, key: xs[i]!.key, fields });
      }
    }
  }
  return out;
}

function compareFields(a: Map<string, string>, b: Map<string, string>): FieldDifference[] {
  const out: FieldDifference[] = [];
  for (const field of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const x = a.get(field);
    const y = b.get(field);
    if (x !== y) out.push({ field, a: x, b: y });
  }
  return out;
}

/** Pairs of indices: matched (i, j), only in a (i, null), only in b (null, j); in order. */
function align(xs: NormEvent[], ys: NormEvent[]): [number | null, number | null][] {
  const n = xs.length;
  const m = ys.length;
  if ((n + 1) * (m + 1) > MAX_LCS_CELLS) {
    const out: [number | null, number | null][] = [];
    for (let k = 0; k < Math.max(n, m); k++) out.push([k < n ? k : null, k < m ? k : null]);
    return out;
  }
  // lcs[i][j]: the longest common subsequence of xs[i..] and ys[j..] by key.
  const w = m + 1;
  const lcs = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i * w + j] =
        xs[i]!.key === ys[j]!.key
          ? lcs[(i + 1) * w + j + 1]! + 1
          : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
  const out: [number | null, number | null][] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (xs[i]!.key === ys[j]!.key) out.push([i++, j++]);
    else if (lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!) out.push([i++, null]);
    else out.push([null, j++]);
  }
  while (i < n) out.push([i++, null]);
  while (j < m) out.push([null, j++]);
  return out;
}

/** Readable lines for a list of differences; `names` labels the two traces ("sim", "live"). */
export function formatDifferences(diffs: readonly Difference[], names: [string, string]): string[] {
  const [na, nb] = names;
  const show = (e: NormEvent) => {
    const f = [...e.fields].filter(([k]) => !KEY_FIELDS.has(k));
    return `${e.key}${f.length ? ` {${f.map(([k, v]) => `${k}=${v}`).join(', ')}}` : ''}`;
  };
  return diffs.map((d) => {
    if (d.type === 'only-a') return `${d.client}: only in ${na} (#${d.index}): ${show(d.event)}`;
    if (d.type === 'only-b') return `${d.client}: only in ${nb} (#${d.index}): ${show(d.event)}`;
    const fields = d.fields.map((f) => `${f.field}: ${na} ${f.a ?? '(none)'} ≠ ${nb} ${f.b ?? '(none)'}`);
    return `${d.client}: ${d.key} (#${d.indexA}/#${d.indexB}): ${fields.join('; ')}`;
  });
}

/** The one line a difference is matched against in a list of known differences. */
export function differenceText(d: Difference, names: [string, string]): string {
  return formatDifferences([d], names)[0]!;
}
