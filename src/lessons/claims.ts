// What a lesson step says is on screen, as data the test can check (docs/lessons.md, "Claims").
// Each claim reads the picture at the cursor (`frame.view`, exactly the state after the last event
// at or before it) or, for what only the trace knows (marks, notifications, log lines, the
// checker's findings), the events before the cursor. The lock claim reads the lock panel's own
// model and the checker's wake-up rounds, so a lesson cannot say something the panel contradicts.

import { Checker } from '../sim/check/checker.ts';
import { wakeRounds } from '../sim/check/wake-rounds.ts';
import type { TraceEvent } from '../sim/trace/event.ts';
import { contenders } from '../sim/view/lock-model.ts';
import { AUTO, allWatches, treeServer } from '../sim/view/tree-source.ts';
import type { ClientView, ServerRole, SessionState, WorldView, ZabState } from '../sim/view/types.ts';

/** A server's role and Zab numbers (`leader` is the sid it follows or is). */
export interface ServerClaim {
  server: string;
  up?: boolean;
  role?: ServerRole | null;
  zabState?: ZabState | null;
  leader?: number | null;
  /** While LOOKING: the sid it votes for. */
  vote?: number;
  currentEpoch?: number;
  lastZxid?: string;
}

/** A client's session as its picture shows it. */
export interface ClientClaim {
  client: string;
  /** false once its process crashed (until it restarts). */
  up?: boolean;
  state?: SessionState;
  /** The server node it is connected to (null: none). */
  connectedTo?: string | null;
  script?: ClientView['script'];
}

/** A znode on every up server (or only on `on`): absent, or with this data, Stat fields, children. */
export interface ZnodeClaim {
  znode: string;
  on?: string;
  absent?: true;
  data?: string | null;
  czxid?: string;
  mzxid?: string;
  /** The Stat's data version (the server counts the sets). */
  version?: number;
  /** The client whose session owns the (ephemeral) node. */
  owner?: string;
  /** Child names, in any order. */
  children?: string[];
}

/** How many up servers are LEADING (two, briefly, when an old leader has not noticed yet). */
export interface LeadersClaim {
  leaders: number;
}

/** The lock panel: who holds, who waits (in order), whom the waiters watch, the last wake-up. */
export interface LockClaim {
  lock: string;
  holder?: string | null;
  waiters?: string[];
  /** Every waiter watches exactly the node before its own, or the lock's path (the herd). */
  watching?: 'predecessor' | 'parent';
  /** How many clients the last change of the lock woke. */
  woke?: number;
}

/** The clients of every `lua.mark` of this name so far, in trace order. */
export interface MarkClaim {
  mark: string;
  by: string[];
}

/** The clients of every watch notification of `type` on this path so far, in trace order. */
export interface NotifiedClaim {
  notified: string;
  type: 'NodeCreated' | 'NodeDeleted' | 'NodeDataChanged' | 'NodeChildrenChanged';
  clients: string[];
}

/** A client's last log line so far. */
export interface LogClaim {
  log: string;
  last: string;
}

/** The invariants the checker has found violated so far (as a set; [] is a clean run). */
export interface ViolationsClaim {
  violations: string[];
}

export type Claim =
  | ServerClaim
  | ClientClaim
  | ZnodeClaim
  | LeadersClaim
  | LockClaim
  | MarkClaim
  | NotifiedClaim
  | LogClaim
  | ViolationsClaim;

/** The events a step's claims may read: those at or before the cursor. */
interface Seen {
  view: WorldView;
  events: readonly TraceEvent[];
}

/**
 * Every claim that does not hold, each as "<the claim>: <what the run shows>". An empty list means
 * the step's text is true of the run at `cursorIndex` (the number of events at or before it).
 */
export function checkClaims(
  claims: readonly Claim[],
  view: WorldView,
  events: readonly TraceEvent[],
  cursorIndex: number,
): string[] {
  const seen: Seen = { view, events: events.slice(0, cursorIndex) };
  const failures: string[] = [];
  for (const c of claims) {
    const wrong = check(c, seen);
    if (wrong.length > 0) failures.push(`${JSON.stringify(c)}: ${wrong.join('; ')}`);
  }
  return failures;
}

function check(c: Claim, s: Seen): string[] {
  if ('client' in c) return checkClient(c, s);
  if ('server' in c) return checkServer(c, s);
  if ('znode' in c) return checkZnode(c, s);
  if ('leaders' in c) {
    const leading = s.view.servers.filter((v) => v.up && v.role === 'LEADING').map((v) => v.node);
    return leading.length === c.leaders
      ? []
      : [`${leading.length} leading (${leading.join(', ') || 'none'})`];
  }
  if ('lock' in c) return checkLock(c, s);
  if ('mark' in c) {
    const by = s.events
      .filter((e) => e.kind === 'lua.mark' && e.name === c.mark)
      .map((e) => String(e.client));
    return sameList(by, c.by) ? [] : [`marked by [${by.join(', ')}]`];
  }
  if ('notified' in c) {
    const got = s.events
      .filter((e) => e.kind === 'client.event' && e.type === c.type && e.path === c.notified)
      .map((e) => String(e.client));
    return sameList(got, c.clients) ? [] : [`notified [${got.join(', ')}]`];
  }
  if ('log' in c) {
    const lines = s.events.filter((e) => e.kind === 'lua.log' && e.client === c.log);
    const last = lines.length > 0 ? String(lines[lines.length - 1]!.message) : null;
    return last === c.last ? [] : [`last line ${JSON.stringify(last)}`];
  }
  return checkViolations(c, s);
}

function checkServer(c: ServerClaim, s: Seen): string[] {
  const v = s.view.servers.find((x) => x.node === c.server);
  if (!v) return ['no such server'];
  const out: string[] = [];
  if (c.up !== undefined && v.up !== c.up) out.push(`up is ${v.up}`);
  if (c.role !== undefined && v.role !== c.role) out.push(`role is ${v.role}`);
  if (c.zabState !== undefined && v.zabState !== c.zabState) out.push(`zabState is ${v.zabState}`);
  if (c.leader !== undefined && v.leader !== c.leader) out.push(`leader is ${v.leader}`);
  if (c.vote !== undefined && v.vote?.leader !== c.vote) out.push(`votes for ${v.vote?.leader ?? 'nobody'}`);
  if (c.currentEpoch !== undefined && v.currentEpoch !== c.currentEpoch)
    out.push(`currentEpoch is ${v.currentEpoch}`);
  if (c.lastZxid !== undefined && v.lastZxid !== c.lastZxid) out.push(`lastZxid is ${v.lastZxid}`);
  return out;
}

function checkClient(c: ClientClaim, s: Seen): string[] {
  const v = s.view.clients.find((x) => x.node === c.client);
  if (!v) return ['no such client'];
  const out: string[] = [];
  if (c.up !== undefined && v.up !== c.up) out.push(`up is ${v.up}`);
  if (c.state !== undefined && v.state !== c.state) out.push(`state is ${v.state}`);
  if (c.connectedTo !== undefined && v.server !== c.connectedTo) out.push(`connected to ${v.server}`);
  if (c.script !== undefined && v.script !== c.script) out.push(`script is ${v.script}`);
  return out;
}

function checkZnode(c: ZnodeClaim, s: Seen): string[] {
  const servers = s.view.servers.filter((v) => v.up && (c.on === undefined || v.node === c.on));
  if (servers.length === 0) return [c.on ? `${c.on} is not up` : 'no server is up'];
  const sessions = c.owner === undefined ? null : owners(s);
  const out: string[] = [];
  for (const server of servers) {
    const z = server.tree.find((n) => n.path === c.znode);
    const at = server.node;
    if (c.absent) {
      if (z) out.push(`${at} has it`);
      continue;
    }
    if (!z) {
      out.push(`${at} does not have it`);
      continue;
    }
    if (c.data !== undefined && z.data !== c.data) out.push(`${at}: data ${JSON.stringify(z.data)}`);
    if (c.czxid !== undefined && z.stat.czxid !== c.czxid) out.push(`${at}: czxid ${z.stat.czxid}`);
    if (c.mzxid !== undefined && z.stat.mzxid !== c.mzxid) out.push(`${at}: mzxid ${z.stat.mzxid}`);
    if (c.version !== undefined && z.stat.version !== c.version) out.push(`${at}: version ${z.stat.version}`);
    if (sessions !== null) {
      const owner = sessions.get(z.stat.ephemeralOwner) ?? z.stat.ephemeralOwner;
      if (owner !== c.owner) out.push(`${at}: owned by ${owner}`);
    }
    if (c.children !== undefined) {
      const prefix = c.znode === '/' ? '/' : `${c.znode}/`;
      const kids = server.tree
        .filter((n) => n.path.startsWith(prefix) && !n.path.slice(prefix.length).includes('/'))
        .map((n) => n.path.slice(prefix.length));
      if (!sameList([...kids].sort(), [...c.children].sort()))
        out.push(`${at}: children [${kids.join(', ')}]`);
    }
  }
  return out;
}

function checkLock(c: LockClaim, s: Seen): string[] {
  const tree = treeServer(s.view, AUTO)?.tree ?? [];
  const queue = contenders(tree, c.lock, allWatches(s.view), owners(s));
  const who = (x: { client: string | null; session: string }) => x.client ?? x.session;
  const out: string[] = [];
  const holder = queue[0] ? who(queue[0]) : null;
  if (c.holder !== undefined && holder !== c.holder) out.push(`holder is ${holder}`);
  const waiting = queue.slice(1);
  if (c.waiters !== undefined && !sameList(waiting.map(who), c.waiters))
    out.push(`waiters are [${waiting.map(who).join(', ')}]`);
  if (c.watching !== undefined) {
    waiting.forEach((w, k) => {
      const want = c.watching === 'parent' ? c.lock : queue[k]!.path;
      if (!sameList(w.watches, [want])) out.push(`${who(w)} watches [${w.watches.join(', ')}]`);
    });
  }
  if (c.woke !== undefined) {
    const last = wakeRounds(s.events, c.lock, s.events.length).at(-1);
    const n = last?.clients.length ?? 0;
    if (n !== c.woke) out.push(`the last change woke ${n}${last ? ` (${last.clients.join(', ')})` : ''}`);
  }
  return out;
}

/**
 * Which client owns each session: the clients' pictures, and the trace's client.session events for
 * a client that crashed or moved on (in memory their session ids may be bigints: compared as hex).
 */
function owners(s: Seen): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of s.events) {
    if (e.kind !== 'client.session') continue;
    const session: unknown = e.session;
    const id = typeof session === 'bigint' ? `0x${session.toString(16)}` : session;
    if (typeof id === 'string') out.set(id, String(e.client));
  }
  for (const c of s.view.clients) if (c.session !== null) out.set(c.session, c.node);
  return out;
}

/** Run the checker over the events before the cursor: the banner's violations at that moment. */
function checkViolations(c: ViolationsClaim, s: Seen): string[] {
  const checker = new Checker();
  for (const [i, e] of s.events.entries()) checker.observe(e, i);
  const found = [...new Set(checker.violations.map((v) => v.invariant))].sort();
  return sameList(found, [...new Set(c.violations)].sort()) ? [] : [`violated: [${found.join(', ')}]`];
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
