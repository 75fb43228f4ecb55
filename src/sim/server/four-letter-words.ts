// ZooKeeper's four-letter words (server/command/*Command.java, NIOServerCnxn#checkFourLetterWord):
// a connection whose first four bytes spell a known word gets a text answer and is closed. The
// texts keep the real commands' shape (checked against a 3.8 server); values a simulation has no
// notion of are given as a server with no traffic history would show them (latency 0, uptime 0).
import { serverNodeId } from '../node-id.ts';

/**
 * What the commands read of the server's state (four-letter-facts.ts gathers it on the server; the
 * page rebuilds it from a picture).
 */
export interface FourLetterView {
  role: string;
  lastZxid: string;
  sessions: { session: string; timeout: number }[];
  learners: { observer: boolean; synced: boolean }[];
}

export const FOUR_LETTER_WORDS = [
  'ruok',
  'srvr',
  'stat',
  'mntr',
  'conf',
  'cons',
  'dump',
  'wchc',
  'wchs',
] as const;
export type FourLetterWord = (typeof FOUR_LETTER_WORDS)[number];

export const isFourLetterWord = (w: string): w is FourLetterWord =>
  (FOUR_LETTER_WORDS as readonly string[]).includes(w);

/** What a command reads of a server: its picture plus counters only the server knows. */
export interface FourLetterFacts {
  view: FourLetterView;
  serving: boolean;
  nodeCount: number;
  watchCount: number;
  ephemerals: { session: string; paths: string[] }[];
  /** Per connection: the client's address, session, packets in and out. */
  connections: { address: string; session: string | null; received: number; sent: number; timeout: number }[];
  received: number;
  sent: number;
  outstanding: number;
  /** Watches by connection's session: path lists (wchc). */
  watchesBySession: { session: string; paths: string[] }[];
  config: {
    clientPort: number;
    sid: number;
    tickTime: number;
    initLimit: number;
    syncLimit: number;
    minSessionTimeout: number;
    maxSessionTimeout: number;
    servers: { sid: number; address: string; observer: boolean }[];
  };
}

const VERSION = '3.8.0-zk-playground, built on 1970-01-01 00:00 UTC';
const NOT_SERVING = 'This ZooKeeper instance is not currently serving requests\n';

/** ServerStats#getServerState: leader, follower, observer or standalone. */
function mode(view: FourLetterView): string {
  switch (view.role) {
    case 'LEADING':
      return 'leader';
    case 'FOLLOWING':
      return 'follower';
    case 'OBSERVING':
      return 'observer';
    case 'STANDALONE':
      return 'standalone';
    default:
      return 'looking';
  }
}

/** The answer to `word`, as the server's command writes it. */
export function fourLetterWord(word: FourLetterWord, f: FourLetterFacts): string {
  // Every command but ruok (and conf/envi) needs a running ZooKeeperServer (CommandExecutor).
  if (word === 'ruok') return 'imok';
  if (word === 'conf') return conf(f);
  if (!f.serving) return NOT_SERVING;
  switch (word) {
    case 'srvr':
      return stats(f, false);
    case 'stat':
      return stats(f, true);
    case 'mntr':
      return mntr(f);
    case 'cons':
      return `${f.connections.map((c) => cons(c, true)).join('')}\n`;
    case 'dump':
      return dump(f);
    case 'wchc':
      return `${f.watchesBySession.map((w) => `${w.session}\n${w.paths.map((p) => `\t${p}\n`).join('')}`).join('')}\n`;
    case 'wchs': {
      const paths = new Set(f.watchesBySession.flatMap((w) => w.paths));
      return `${f.watchesBySession.length} connections watching ${paths.size} paths\nTotal watches:${f.watchCount}\n`;
    }
  }
}

function cons(c: FourLetterFacts['connections'][number], full: boolean): string {
  const base = ` /${c.address}[${c.session === null ? 0 : 1}](queued=0,recved=${c.received},sent=${c.sent}`;
  if (!full || c.session === null) return `${base})\n`;
  return `${base},sid=${c.session},to=${c.timeout})\n`;
}

/** StatCommand / SrvrCommand: ServerStats#toString, the clients first for stat. */
function stats(f: FourLetterFacts, withClients: boolean): string {
  const lines = [`Zookeeper version: ${VERSION}`];
  if (withClients) lines.push(`Clients:\n${f.connections.map((c) => cons(c, false)).join('')}`);
  lines.push(
    'Latency min/avg/max: 0/0.0/0',
    `Received: ${f.received}`,
    `Sent: ${f.sent}`,
    `Connections: ${f.connections.length}`,
    `Outstanding: ${f.outstanding}`,
    `Zxid: ${f.view.lastZxid}`,
    `Mode: ${mode(f.view)}`,
    `Node count: ${f.nodeCount}`,
  );
  if (f.view.role === 'LEADING') lines.push('Proposal sizes last/min/max: -1/-1/-1');
  return `${lines.join('\n')}\n`;
}

/** MonitorCommand: the keys a reader of mntr looks for, tab-separated, leader keys on the leader. */
function mntr(f: FourLetterFacts): string {
  const rows: [string, string | number][] = [
    ['zk_version', VERSION],
    ['zk_server_state', mode(f.view)],
    ['zk_ephemerals_count', f.ephemerals.reduce((n, e) => n + e.paths.length, 0)],
    ['zk_num_alive_connections', f.connections.length],
    ['zk_avg_latency', '0.0'],
    ['zk_outstanding_requests', f.outstanding],
    ['zk_znode_count', f.nodeCount],
    ['zk_global_sessions', f.view.sessions.length],
    ['zk_packets_sent', f.sent],
    ['zk_packets_received', f.received],
    ['zk_watch_count', f.watchCount],
  ];
  if (f.view.role === 'LEADING') {
    const voters = f.config.servers.filter((s) => !s.observer).length;
    const learners = f.view.learners;
    // The learners that acked NEWLEADER and are being forwarded proposals, voters and observers apart.
    const synced = learners.filter((l) => l.synced);
    rows.push(
      ['zk_learners', learners.length],
      ['zk_synced_followers', synced.filter((l) => !l.observer).length],
      ['zk_synced_non_voting_followers', 0],
      ['zk_synced_observers', synced.filter((l) => l.observer).length],
      ['zk_pending_syncs', 0],
      ['zk_quorum_size', voters],
    );
  }
  return rows.map(([k, v]) => `${k}\t${v}\n`).join('');
}

/** ConfCommand: ZooKeeperServer#dumpConf, then the quorum's part. */
function conf(f: FourLetterFacts): string {
  const c = f.config;
  const lines = [
    `clientPort=${c.clientPort}`,
    'secureClientPort=-1',
    `dataDir=/data/${serverNodeId(c.sid)}/version-2`,
    `dataLogDir=/data/${serverNodeId(c.sid)}/version-2`,
    `tickTime=${c.tickTime}`,
    'maxClientCnxns=60',
    `minSessionTimeout=${c.minSessionTimeout}`,
    `maxSessionTimeout=${c.maxSessionTimeout}`,
    'clientPortListenBacklog=-1',
    `serverId=${c.servers.length > 1 ? c.sid : 0}`,
  ];
  if (c.servers.length > 1) {
    lines.push(
      `initLimit=${c.initLimit}`,
      `syncLimit=${c.syncLimit}`,
      'electionAlg=3',
      'electionPort=3888',
      'quorumPort=2888',
      `peerType=${c.servers.find((s) => s.sid === c.sid)?.observer ? 1 : 0}`,
      'membership: ',
      ...c.servers.map(
        (s) =>
          `server.${s.sid}=${s.address}:2888:3888:${s.observer ? 'observer' : 'participant'};0.0.0.0:${c.clientPort}`,
      ),
      'version=0',
    );
  }
  return `${lines.join('\n')}\n`;
}

/** DumpCommand: the session tracker (leader or standalone), ephemerals, connections. */
function dump(f: FourLetterFacts): string {
  const out = ['SessionTracker dump:'];
  out.push(`Global Sessions(${f.view.sessions.length}):`);
  for (const s of f.view.sessions) out.push(`${s.session}\t${s.timeout}ms`);
  out.push('ephemeral nodes dump:', `Sessions with Ephemerals (${f.ephemerals.length}):`);
  for (const e of f.ephemerals) out.push(`${e.session}:`, ...e.paths.map((p) => `\t${p}`));
  out.push('Connections dump:', `Connections Sets (1)/(${f.connections.length}):`);
  for (const c of f.connections) out.push(`\tip: /${c.address} sessionId: ${c.session ?? '0x0'}`);
  return `${out.join('\n')}\n`;
}
