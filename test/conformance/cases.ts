// The conformance suite's scenarios: every runnable example of docs/lua-api.md (those without
// faults), and scenarios written for the suite (below) — each API call and its error cases,
// sequential naming, ephemerals, watches of every kind and their order relative to replies, multi,
// ACLs, containers and TTLs, sessions, sync, the recipes, on a standalone server and an ensemble.
//
// Each runs through the simulator and against a real ZooKeeper (suite.ts), and the two traces must
// agree (trace-diff.ts) but for the differences listed in known-differences.json. Clients that act
// on each other start at staggered times with wide margins, so which goes first does not depend
// on the machine's speed, and a client that wakes another (a release, a barrier removed) keeps its
// session a moment before closing it, so that the close does not race the wakeup: the traces then
// differ only where the engines do.
import { readFileSync } from 'node:fs';

export type Target = 'standalone' | 'standalone-ttl' | 'ensemble';

export interface ConformanceCase {
  name: string;
  target: Target;
  /** A scenario document (docs/scenario.md); version, seed and duration have defaults. */
  doc: Record<string, unknown>;
  /**
   * Run live under a fresh chroot: for scenarios that create sequential nodes in the root, whose
   * counter (the root's cversion) a cleaned-up server keeps from the scenarios before.
   */
  chroot?: boolean;
  /** Run live the page's way: over WebSockets through the bridge (src/live/bridge-server.ts). */
  viaBridge?: boolean;
}

/** A script that creates a sequential node directly under the root. */
const ROOT_SEQUENTIAL = /zk\.create2?\("\/[^/"]*"[^\n]*sequential\s*=\s*true/;

interface ClientDoc {
  name: string;
  script?: string;
  program?: unknown[];
  start?: number;
  connect?: number[];
  sessionTimeout?: number;
}

const SERVERS: Record<Target, Record<string, unknown>> = {
  standalone: { count: 1, extendedTypes: false },
  'standalone-ttl': { count: 1, extendedTypes: true },
  ensemble: { count: 3, extendedTypes: false },
};

/**
 * A simulated ensemble elects its leader in about 220 ms of virtual time, and a client that finds
 * no server serving backs off for up to a second (ClientCnxn): ensemble clients start once the
 * leader is there, as they find the real ensemble (already running) when they start.
 */
const ENSEMBLE_READY_MS = 1000;

function scenario(name: string, target: Target, clients: ClientDoc[]): ConformanceCase {
  const connect = target === 'ensemble' ? [1, 2, 3] : [1];
  const delay = target === 'ensemble' ? ENSEMBLE_READY_MS : 0;
  return {
    name,
    target,
    doc: {
      name,
      servers: SERVERS[target],
      clients: clients.map((c) => ({ connect, sessionTimeout: 10000, ...c, start: (c.start ?? 0) + delay })),
    },
  };
}

/** A scenario with faults (only `expire` can run live). */
const withFaults = (c: ConformanceCase, faults: unknown[]): ConformanceCase => ({
  ...c,
  doc: { ...c.doc, faults },
});

/** One Lua client, c, on a standalone server. */
const one = (name: string, script: string, target: Target = 'standalone') =>
  scenario(name, target, [{ name: 'c', script }]);

// ── the examples of docs/lua-api.md ────────────────────────────────────────

/** Every ```lua block of docs/lua-api.md with its <!-- scenario --> comment, minus those with faults. */
export function docExamples(path: URL): { cases: ConformanceCase[]; skipped: string[] } {
  const lines = readFileSync(path, 'utf8').split('\n');
  const cases: ConformanceCase[] = [];
  const skipped: string[] = [];
  // Named by section and place in it ("lua-api.md zk.multi #2"): line numbers move as the page grows.
  let section = '';
  const seen = new Map<string, number>();
  for (let i = 0; i < lines.length; i++) {
    const heading = /^#{1,6} (.*)$/.exec(lines[i]!);
    if (heading) section = heading[1]!;
    if (lines[i] !== '```lua') continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== '```'; i++) body.push(lines[i]!);
    const comment = /^<!-- scenario: (.*) -->$/.exec(lines[start - 1] ?? '');
    const extra = (comment ? JSON.parse(comment[1]!) : {}) as {
      client?: Record<string, unknown>;
      clients?: ClientDoc[];
      servers?: Record<string, unknown>;
      faults?: unknown[];
      [k: string]: unknown;
    };
    const n = (seen.get(section) ?? 0) + 1;
    seen.set(section, n);
    const name = `lua-api.md ${section} #${n}`;
    if ((extra.faults?.length ?? 0) > 0) {
      skipped.push(`${name} (faults)`);
      continue;
    }
    const { client = {}, clients = [], servers = {}, ...rest } = extra;
    const target: Target =
      (servers.count ?? 1) !== 1
        ? 'ensemble'
        : servers.extendedTypes === true
          ? 'standalone-ttl'
          : 'standalone';
    const script = `${body.join('\n')}\n`;
    const c = scenario(name, target, [{ name: 'c', script, ...client }, ...clients]);
    const chroot = [script, ...clients.map((x) => x.script ?? '')].some((t) => ROOT_SEQUENTIAL.test(t));
    cases.push({ ...c, chroot, doc: { ...c.doc, ...rest, servers: { ...SERVERS[target], ...servers } } });
  }
  return { cases, skipped };
}

// ── written for the suite ──────────────────────────────────────────────────

const prints = (lines: string[]) => `${lines.join('\n')}\n`;

const BASE_SUITE: ConformanceCase[] = [
  one(
    'create: every mode and what its Stat says',
    prints([
      'print(zk.create("/p", "data"))',
      'print(zk.create("/p/e", "", { ephemeral = true }))',
      'print(zk.create("/p/s-", "x", { sequential = true }))',
      'print(zk.create("/p/es-", nil, { ephemeral = true, sequential = true }))',
      'for _, n in ipairs({ "/p", "/p/e" }) do local s = zk.exists(n); print(n, s.version, s.cversion, s.numChildren, s.dataLength, s.ephemeralOwner == zk.session_id()) end',
      'local path, stat = zk.create2("/p/two", "xyz")',
      'print(path, stat.version, stat.dataLength, stat.czxid == stat.mzxid)',
      'zk.close()',
    ]),
  ),
  one(
    'create: error cases in ZooKeeper order',
    prints([
      'zk.create("/a")',
      'print(zk.create("/a"))',
      'print(zk.create("/missing/child"))',
      'zk.create("/eph", "", { ephemeral = true })',
      'print(zk.create("/eph/child"))',
      'print(zk.create("bad"))',
      'print(zk.create("/a/"))',
      'print(zk.create("/a//b"))',
      'print(zk.create("/a/."))',
      'print(zk.create("/zookeeper/x"))',
      'zk.close()',
    ]),
  ),
  one(
    'sequential naming: one counter per parent, kept across deletes and prefixes',
    prints([
      'zk.create("/q")',
      'for i = 1, 4 do print(zk.create("/q/job-", tostring(i), { sequential = true })) end',
      'print(zk.create("/q/other-", "", { sequential = true }))',
      'zk.delete("/q/job-0000000001")',
      'print(zk.create("/q/job-", "", { sequential = true }))',
      'zk.create("/q/plain")',
      'print(zk.create("/q/", "", { sequential = true }))',
      'local _, st = zk.children("/q")',
      'print(st.cversion, st.numChildren)',
      'zk.close()',
    ]),
  ),
  one(
    'delete: versions, NoNode, NotEmpty',
    prints([
      'zk.create("/d", "v")',
      'zk.create("/d/c")',
      'print(zk.delete("/d", -1))',
      'print(zk.delete("/d/c", 3))',
      'print(zk.delete("/d/c", 0))',
      'print(zk.delete("/d/c", -1))',
      'zk.set("/d", "w")',
      'print(zk.delete("/d", 0))',
      'print(zk.delete("/d", 1))',
      'print(zk.exists("/d"))',
      'zk.close()',
    ]),
  ),
  one(
    'set: versions, data length in bytes, null and empty data',
    prints([
      'zk.create("/s", "v0")',
      'local st = zk.set("/s", "v1", 0)',
      'print(st.version, st.dataLength)',
      'print(zk.set("/s", "v2", 0))',
      'print(zk.set("/s", "héllo wörld", -1).dataLength)',
      'print(zk.set("/s", "", -1).dataLength)',
      'print(zk.get("/s"))',
      'print(zk.set("/s", nil, -1).dataLength)',
      'print(zk.get("/s") == nil)',
      'print(zk.set("/nope", "x"))',
      'zk.close()',
    ]),
  ),
  one(
    'get, exists and children on missing and present nodes',
    prints([
      'print(zk.get("/none"))',
      'print(zk.exists("/none"))',
      'print(zk.children("/none"))',
      'zk.create("/g", "1")',
      'local data, st = zk.get("/g")',
      'print(data, st.version, st.numChildren)',
      'print(#zk.children("/g"))',
      'zk.close()',
    ]),
  ),
  one(
    "children order: the server's hash order, as it is",
    prints([
      'zk.create("/h")',
      'for _, n in ipairs({ "b", "a", "zeta", "alpha", "10", "9", "x-1", "x-2", "node", "n", "lock-", "Q" }) do zk.create("/h/" .. n) end',
      'for i = 1, 12 do zk.create("/h/s-", "", { sequential = true }) end',
      'print(table.concat(zk.children("/h"), " "))',
      'zk.delete("/h/alpha")',
      'zk.delete("/h/s-0000000015")',
      'print(table.concat(zk.children("/h"), " "))',
      'zk.close()',
    ]),
  ),
  one(
    'watches: a data watch fires once, and its event comes before the reply of the change',
    prints([
      'zk.create("/w", "0")',
      'zk.get("/w", true)',
      'zk.set("/w", "1")',
      'local e = zk.wait_event(500)',
      'print(e and e.type, e and e.path)',
      'zk.set("/w", "2")',
      'print(zk.wait_event(300))',
      'zk.close()',
    ]),
  ),
  one(
    'watches: exists on a missing node fires NodeCreated; children watch fires on a child',
    prints([
      'print(zk.exists("/x", true))',
      'zk.create("/x")',
      'local e = zk.wait_event(500); print(e.type, e.path)',
      'zk.children("/x", true)',
      'zk.create("/x/1")',
      'e = zk.wait_event(500); print(e.type, e.path)',
      'zk.children("/x", true)',
      'zk.set("/x/1", "no child change")',
      'print(zk.wait_event(300))',
      'zk.close()',
    ]),
  ),
  one(
    "watches: a delete fires the data watch and the parent's child watch, once each",
    prints([
      'zk.create("/p")',
      'zk.create("/p/c", "x")',
      'zk.get("/p/c", true)',
      'zk.exists("/p/c", true)',
      'zk.children("/p/c", true)',
      'zk.children("/p", true)',
      'zk.delete("/p/c")',
      'for i = 1, 4 do local e = zk.wait_event(300); print(e and e.type, e and e.path) end',
      'zk.close()',
    ]),
  ),
  one(
    'watch callbacks run as their own tasks, in event order',
    prints([
      'zk.create("/cb", "0")',
      'zk.create("/cb2", "0")',
      'zk.get("/cb", function(e) print("cb", e.type, e.path) end)',
      'zk.exists("/cb2", function(e) print("cb2", e.type, e.path) end)',
      'zk.multi({ { op = "set", path = "/cb2", data = "1" }, { op = "set", path = "/cb", data = "1" } })',
      'zk.sleep(300)',
      'zk.close()',
    ]),
  ),
  one(
    'persistent watch: every change to the node, children changes too, until removed',
    prints([
      'zk.create("/pw", "0")',
      'print(zk.add_watch("/pw", "persistent"))',
      'zk.set("/pw", "1")',
      'zk.create("/pw/c")',
      'zk.set("/pw/c", "deep: not seen")',
      'zk.set("/pw", "2")',
      'zk.delete("/pw/c")',
      'for i = 1, 4 do local e = zk.wait_event(300); print(e and e.type, e and e.path) end',
      'print(zk.remove_watches("/pw", 3))',
      'zk.set("/pw", "3")',
      'print(zk.wait_event(300))',
      'zk.close()',
    ]),
  ),
  one(
    'persistent recursive watch: the whole subtree, no child events',
    prints([
      'zk.create("/r")',
      'print(zk.add_watch("/r", "persistent_recursive"))',
      'zk.create("/r/a")',
      'zk.create("/r/a/b", "x")',
      'zk.set("/r/a/b", "y")',
      'zk.delete("/r/a/b")',
      'zk.create("/other")',
      'for i = 1, 5 do local e = zk.wait_event(300); print(e and e.type, e and e.path) end',
      'zk.close()',
    ]),
  ),
  one(
    'remove_watches: by type, NoWatcher, and what stays',
    prints([
      'zk.create("/rw", "0")',
      'print(zk.remove_watches("/rw", 3))',
      'zk.get("/rw", true)',
      'zk.children("/rw", true)',
      'print(zk.remove_watches("/rw", 1))',
      'print(zk.remove_watches("/rw", 1))',
      'zk.create("/rw/c")',
      'zk.set("/rw", "1")',
      'local e = zk.wait_event(300); print(e and e.type, e and e.path)',
      'print(zk.wait_event(300))',
      'print(zk.remove_watches("/rw", 2))',
      'zk.close()',
    ]),
  ),
  one(
    'multi: all ops succeed, with their results',
    prints([
      'zk.create("/m", "0")',
      'zk.create("/m/old")',
      'local r = zk.multi({',
      '  { op = "check", path = "/m", version = 0 },',
      '  { op = "create", path = "/m/new-", data = "n", sequential = true },',
      '  { op = "set", path = "/m", data = "1", version = 0 },',
      '  { op = "delete", path = "/m/old", version = 0 },',
      '})',
      'print(#r, r[2].path, r[3].stat.version, r[3].stat.numChildren)',
      'print(table.concat(zk.children("/m"), " "))',
      'zk.close()',
    ]),
  ),
  one(
    'multi: a failure at each position rolls everything back',
    prints([
      'zk.create("/f", "0")',
      'local ops = {',
      '  { op = "create", path = "/f/a" },',
      '  { op = "set", path = "/f", data = "1", version = 0 },',
      '  { op = "check", path = "/f", version = 1 },',
      '  { op = "delete", path = "/f/a", version = 0 },',
      '}',
      'local bad = {',
      '  { op = "create", path = "/f" },',
      '  { op = "set", path = "/f", data = "1", version = 5 },',
      '  { op = "check", path = "/f", version = 7 },',
      '  { op = "delete", path = "/f/zzz" },',
      '}',
      'for at = 1, 4 do',
      '  local try = {}',
      '  for i = 1, 4 do try[i] = (i == at) and bad[i] or ops[i] end',
      '  local ok, err, results = zk.multi(try)',
      '  local errs = {}',
      '  for i = 1, #results do errs[i] = results[i].err or "ok" end',
      '  print(at, ok, err, table.concat(errs, ","))',
      'end',
      'print(zk.exists("/f/a"), zk.get("/f"))',
      'zk.close()',
    ]),
  ),
  one(
    'multi: checks only, and an empty multi',
    prints([
      'zk.create("/k", "0")',
      'print(#zk.multi({ { op = "check", path = "/k", version = 0 }, { op = "check", path = "/k", version = -1 } }))',
      'print(zk.multi({ { op = "check", path = "/k", version = 2 } }))',
      'print(zk.multi({ { op = "check", path = "/nope", version = 0 } }))',
      'print(#zk.multi({}))',
      'zk.close()',
    ]),
  ),
  one(
    'multi: the same path twice, create then delete, and sequential inside',
    prints([
      'zk.create("/t")',
      'local r = zk.multi({',
      '  { op = "create", path = "/t/x" },',
      '  { op = "set", path = "/t/x", data = "1" },',
      '  { op = "delete", path = "/t/x", version = 1 },',
      '  { op = "create", path = "/t/s-", sequential = true },',
      '  { op = "create", path = "/t/s-", sequential = true },',
      '})',
      'print(r[4].path, r[5].path, zk.exists("/t/x"))',
      'zk.close()',
    ]),
  ),
  one(
    'ACL: read-only world, NoAuth for writes, get_acl and set_acl versions',
    prints([
      'zk.create("/ro", "x", { acl = "read" })',
      'print(zk.get("/ro"))',
      'print(zk.set("/ro", "y"))',
      'print(zk.create("/ro/c"))',
      'print(zk.delete("/ro"))',
      'print(zk.get_acl("/ro"))',
      'zk.create("/open", "x")',
      'print(table.concat(zk.get_acl("/open"), " "))',
      'print(zk.set_acl("/open", { "r:world:anyone", "cdrwa:digest:u:x" }, 1))',
      'local st = zk.set_acl("/open", { "r:world:anyone" }, 0)',
      'print(st.aversion, st.version)',
      'print(zk.set("/open", "y"))',
      'zk.close()',
    ]),
  ),
  one(
    'ACL: digest and auth schemes, creator_all, InvalidACL',
    prints([
      'print(zk.create("/x", "", { acl = "creator_all" }))',
      'print(zk.add_auth("digest", "alice:secret"))',
      'print(zk.create("/alice", "mine", { acl = "creator_all" }))',
      'print(table.concat(zk.get_acl("/alice"), " "))',
      'print(zk.get("/alice"))',
      'print(zk.create("/bad", "", { acl = { "cdrwa:digest:nocolon" } }))',
      'print(zk.create("/bad2", "", { acl = { "cdrwa:world:someone" } }))',
      'print(zk.create("/bad3", "", { acl = { "cdrwa:nosuch:x" } }))',
      'zk.close()',
    ]),
  ),
  scenario('ACL: another session without the password gets NoAuth, then adds it', 'standalone', [
    {
      name: 'owner',
      script: prints([
        'zk.add_auth("digest", "alice:secret")',
        'zk.create("/secret", "s", { acl = "creator_all" })',
        'zk.create("/shared", "v", { acl = { "r:world:anyone", "cdrwa:digest:alice:qJtWMgWcuqTJEnDNyUNcvWKvmm0=" } })',
        'zk.sleep(1500)',
        'zk.close()',
      ]),
    },
    {
      name: 'other',
      start: 600,
      script: prints([
        'print(zk.get("/secret"))',
        'print(zk.get("/shared"))',
        'print(zk.set("/shared", "w"))',
        'print(zk.get_acl("/secret"))',
        'zk.add_auth("digest", "alice:secret")',
        'print(zk.get("/secret"))',
        'print(zk.set("/shared", "w") ~= nil)',
        'zk.close()',
      ]),
    },
  ]),
  one(
    'add_auth with an unknown scheme: AuthFailed, the handle is closed',
    prints(['print(zk.add_auth("kerberos", "x"))', 'print(zk.get("/"))', 'print(zk.state())']),
  ),
  one(
    'containers: reaped once their last child goes, not before one came',
    prints([
      'print(zk.create("/box", "", { container = true }))',
      'zk.sleep(2500)',
      'print("empty, never had a child:", zk.exists("/box") ~= nil)',
      'zk.create("/box/item")',
      'print(zk.exists("/box").ephemeralOwner)',
      'zk.delete("/box/item")',
      'zk.exists("/box", true)',
      'local e = zk.wait_event(5000)',
      'print(e and e.type, e and e.path, zk.exists("/box"))',
      'zk.close()',
    ]),
  ),
  one(
    'TTL nodes: created, and reaped after their TTL once they have no children',
    prints([
      'print(zk.create("/ttl", "x", { ttl = 500 }))',
      'zk.create("/dir")',
      'print(zk.create("/dir/ttl-seq-", "x", { ttl = 500, sequential = true }))',
      'zk.create("/keep", "", { ttl = 500 })',
      'zk.create("/keep/child")',
      'print(zk.exists("/ttl").ephemeralOwner)',
      'zk.exists("/ttl", true)',
      'local e = zk.wait_event(5000)',
      'print(e and e.type, e and e.path)',
      'zk.sleep(1500)',
      'print(zk.exists("/keep") ~= nil, zk.exists("/dir/ttl-seq-0000000000"))',
      'zk.close()',
    ]),
    'standalone-ttl',
  ),
  one(
    'TTL: bad TTLs and modes',
    prints([
      'print(zk.create("/t0", "", { ttl = 0 }))',
      'print(zk.create("/tneg", "", { ttl = -5 }))',
      'print(zk.create("/tbig", "", { ttl = 1099511627776 }))',
      'print(zk.create("/tok", "", { ttl = 1099511627775 }))',
      'print(zk.create("/teph", "", { ttl = 100, ephemeral = true }))',
      'zk.close()',
    ]),
    'standalone-ttl',
  ),
  one(
    'TTL on a server without extended types: Unimplemented',
    prints(['print(zk.create("/ttl", "x", { ttl = 500 }))', 'print(zk.exists("/ttl"))', 'zk.close()']),
  ),
  one(
    'sync: on a path, on the root, on a missing node',
    prints([
      'zk.create("/sy", "1")',
      'print(zk.sync("/sy"))',
      'print(zk.sync())',
      'print(zk.sync("/missing"))',
      'print(zk.get("/sy"))',
      'zk.close()',
    ]),
  ),
  one(
    'session: id, state, and every call after close fails with SessionExpired',
    prints([
      'print(zk.state())',
      'zk.create("/s", "", { ephemeral = true })',
      'print(zk.exists("/s").ephemeralOwner == zk.session_id())',
      'print(zk.close())',
      'print(zk.state())',
      'print(zk.get("/s"))',
      'print(zk.close())',
    ]),
  ),
  scenario('session timeouts: the server clamps the request to [2, 20] ticks', 'standalone', [
    { name: 'short', sessionTimeout: 1000, program: [{ op: 'exists', path: '/none' }, { op: 'close' }] },
    {
      name: 'long',
      start: 300,
      sessionTimeout: 100000,
      program: [{ op: 'exists', path: '/none' }, { op: 'close' }],
    },
    {
      name: 'fits',
      start: 600,
      sessionTimeout: 7000,
      program: [{ op: 'exists', path: '/none' }, { op: 'close' }],
    },
  ]),
  scenario('ephemerals go with their session, and a watcher sees them go', 'standalone', [
    {
      name: 'owner',
      script: prints([
        'zk.create("/members")',
        'zk.create("/members/owner", "", { ephemeral = true })',
        'zk.create("/members/seq-", "", { ephemeral = true, sequential = true })',
        'zk.sleep(1200)',
        'zk.close()',
      ]),
    },
    {
      name: 'watcher',
      start: 500,
      script: prints([
        'print(table.concat(zk.children("/members", true), " "))',
        'zk.exists("/members/owner", true)',
        'for i = 1, 2 do local e = zk.wait_event(3000); print(e and e.type, e and e.path) end',
        'print(#zk.children("/members"))',
        'zk.close()',
      ]),
    },
  ]),
  withFaults(
    scenario(
      'session expiry: its ephemerals go, a watcher sees it, the client learns Expired',
      'standalone',
      [
        {
          name: 'victim',
          script: prints([
            'zk.create("/members")',
            'zk.create("/members/victim", "", { ephemeral = true })',
            'repeat',
            '  local e = zk.wait_event(6000)',
            '  print(e and e.type, e and e.state)',
            'until not e or e.state == "Expired"',
            'print(zk.state(), zk.get("/members"))',
          ]),
        },
        {
          name: 'watcher',
          start: 500,
          script: prints([
            'print(zk.exists("/members/victim", true) ~= nil)',
            'local e = zk.wait_event(6000)',
            'print(e and e.type, e and e.path)',
            'print(#zk.children("/members"))',
            'zk.close()',
          ]),
        },
      ],
    ),
    [{ at: 1500, action: 'expire', target: 'victim' }],
  ),
  scenario('JSON programs: every op of the old form', 'standalone', [
    {
      name: 'p',
      program: [
        { op: 'create', path: '/j', data: 'x' },
        { op: 'create', path: '/j/s-', mode: 'persistent_sequential' },
        { op: 'create', path: '/j/e', mode: 'ephemeral' },
        { op: 'get', path: '/j', watch: true },
        { op: 'set', path: '/j', data: 'y', version: 0 },
        { op: 'children', path: '/j' },
        { op: 'exists', path: '/nope' },
        {
          op: 'multi',
          ops: [
            { op: 'check', path: '/j', version: 1 },
            { op: 'delete', path: '/j/e' },
          ],
        },
        { op: 'get_acl', path: '/j' },
        { op: 'set_acl', path: '/j', acl: 'read', version: 0 },
        { op: 'sync', path: '/j' },
        { op: 'add_watch', path: '/j', mode: 'persistent' },
        { op: 'remove_watches', path: '/j', watcherType: 3 },
        { op: 'delete', path: '/j/s-0000000000', version: 5 },
        { op: 'close' },
      ],
    },
  ]),
  // ── recipes: clients start far enough apart that the order is the same on any machine ──
  scenario(
    'recipe: lock, three contenders in turn',
    'standalone',
    [0, 700, 2300].map((start, i) => ({
      name: `c${i + 1}`,
      start,
      script: prints([
        'local lock = require("lock")',
        `local l = lock.new("/lock", { id = "c${i + 1}" })`,
        'assert(l:acquire())',
        'print("acquired", #lock.contenders("/lock"))',
        'l:hold(1500)',
        'l:release()',
        'zk.sleep(300)',
        'zk.close()',
      ]),
    })),
  ),
  scenario(
    'recipe: leader election, the next one takes over when the leader leaves',
    'standalone',
    [0, 700].map((start, i) => ({
      name: `c${i + 1}`,
      start,
      script: prints([
        'local election = require("election")',
        `local e = election.new("/election", { id = "c${i + 1}" })`,
        'print(e:run(function() print("leading") zk.sleep(1000) end))',
        'zk.sleep(300)',
        'zk.close()',
      ]),
    })),
  ),
  scenario('recipe: queue, a producer and a consumer', 'standalone', [
    {
      name: 'producer',
      script: prints([
        'local queue = require("queue")',
        'local q = queue.new("/queue")',
        'for i = 1, 5 do q:put("job " .. i) end',
        'zk.sleep(1500)',
        'q:put("late job")',
        'zk.sleep(500)',
        'zk.close()',
      ]),
    },
    {
      name: 'consumer',
      start: 700,
      script: prints([
        'local queue = require("queue")',
        'local q = queue.new("/queue")',
        'for i = 1, 6 do print(q:take(3000)) end',
        'zk.close()',
      ]),
    },
  ]),
  scenario('recipe: barrier', 'standalone', [
    {
      name: 'gate',
      script: prints([
        'local barrier = require("barrier")',
        'local b = barrier.new("/barrier")',
        'b:create()',
        'zk.sleep(1200)',
        'b:remove()',
        'zk.sleep(300)',
        'zk.close()',
      ]),
    },
    {
      name: 'waiter',
      start: 500,
      script: prints([
        'local barrier = require("barrier")',
        'print(barrier.new("/barrier"):wait(5000))',
        'zk.close()',
      ]),
    },
  ]),
  scenario(
    'recipe: counter, two clients in turn',
    'standalone',
    [0, 600].map((start, i) => ({
      name: `c${i + 1}`,
      start,
      script: prints([
        'local counter = require("counter")',
        'local n = counter.new("/counter")',
        'for k = 1, 3 do print(n:add(1)) end',
        'print(n:value())',
        'zk.close()',
      ]),
    })),
  ),
  // ── a 3-server ensemble ─────────────────────────────────────────────────
  scenario('ensemble: writes through any server, read back after sync elsewhere', 'ensemble', [
    {
      name: 'w',
      connect: [1],
      script: prints([
        'zk.create("/e", "1")',
        'for i = 1, 3 do zk.create("/e/s-", "", { sequential = true }) end',
        'print(zk.set("/e", "2").version)',
        'zk.sleep(3000)',
        'zk.close()',
      ]),
    },
    {
      name: 'r',
      connect: [2],
      start: 1500,
      script: prints([
        'zk.sync("/e")',
        'print(zk.get("/e"))',
        'print(table.concat(zk.children("/e"), " "))',
        'zk.close()',
      ]),
    },
  ]),
  scenario('ensemble: a watch set through one server fires for a write through another', 'ensemble', [
    {
      name: 'watcher',
      connect: [3],
      script: prints([
        'zk.create("/cfg", "a")',
        'zk.get("/cfg", true)',
        'zk.add_watch("/cfg", "persistent")',
        'for i = 1, 3 do local e = zk.wait_event(3000); print(e and e.type, e and e.path) end',
        'zk.close()',
      ]),
    },
    {
      name: 'writer',
      connect: [1],
      start: 1500,
      script: prints(['zk.set("/cfg", "b")', 'zk.sleep(200)', 'zk.set("/cfg", "c")', 'zk.close()']),
    },
  ]),
  scenario('ensemble: an ephemeral owned through one server goes for all', 'ensemble', [
    {
      name: 'owner',
      connect: [2],
      script: prints(['zk.create("/lead", "me", { ephemeral = true })', 'zk.sleep(2500)', 'zk.close()']),
    },
    {
      name: 'observer',
      connect: [3],
      start: 1200,
      script: prints([
        'print(zk.exists("/lead", true) ~= nil)',
        'local e = zk.wait_event(4000)',
        'print(e and e.type, e and e.path)',
        'zk.close()',
      ]),
    },
  ]),
  scenario('ensemble: multi and sequential nodes through a follower', 'ensemble', [
    {
      name: 'c',
      connect: [2],
      script: prints([
        'zk.create("/mq")',
        'local r = zk.multi({ { op = "create", path = "/mq/n-", sequential = true }, { op = "create", path = "/mq/n-", sequential = true } })',
        'print(r[1].path, r[2].path)',
        'print(zk.multi({ { op = "check", path = "/mq", version = 3 }, { op = "create", path = "/mq/x" } }))',
        'print(#zk.children("/mq"))',
        'zk.close()',
      ]),
    },
  ]),
  scenario(
    'ensemble: recipe lock across servers',
    'ensemble',
    [0, 1500, 3000].map((start, i) => ({
      name: `c${i + 1}`,
      connect: [i + 1],
      start,
      script: prints([
        'local lock = require("lock")',
        `local l = lock.new("/lock", { id = "c${i + 1}" })`,
        'assert(l:acquire())',
        'print("acquired")',
        'l:hold(2000)',
        'l:release()',
        'zk.sleep(300)',
        'zk.close()',
      ]),
    })),
  ),
];

/** Scenarios that also run the page's way, through the bridge, under names of their own. */
const THROUGH_THE_BRIDGE = [
  'multi: a failure at each position rolls everything back',
  'persistent recursive watch: the whole subtree, no child events',
  'ACL: another session without the password gets NoAuth, then adds it',
];

export const SUITE: ConformanceCase[] = [
  ...BASE_SUITE,
  ...BASE_SUITE.filter((c) => THROUGH_THE_BRIDGE.includes(c.name)).map((c) => ({
    ...c,
    name: `through the bridge: ${c.name}`,
    viaBridge: true,
  })),
];
