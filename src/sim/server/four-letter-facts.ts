// What a server's four-letter words read of it (ServerStats, ZKDatabase and the connection
// factory's counters, as the Command classes read them), gathered from its live state. The page
// rebuilds the same facts from a picture at the cursor (src/app/views/log/four-letter-facts.ts).
import { serverNodeId } from '../node-id.ts';
import { hex } from '../trace/canonical.ts';
import type { FourLetterFacts } from './four-letter-words.ts';
import type { ServerRole } from './role.ts';
import type { ServerCnxn, ServerCnxnFactory } from './server-cnxn.ts';
import type { ServerConfig } from './server-config.ts';
import type { ZkDatabase } from './zkdatabase.ts';

export interface FourLetterSources {
  config: ServerConfig;
  role: ServerRole;
  db: ZkDatabase;
  cnxns: ServerCnxnFactory;
  /** Requests waiting for an answer (CommitProcessor). */
  outstanding: number;
}

export function fourLetterFacts({
  config,
  role,
  db,
  cnxns,
  outstanding,
}: FourLetterSources): FourLetterFacts {
  const status = role.status();
  const known = db.sessionsWithTimeouts();
  const sessionOf = (c: ServerCnxn) => (c.session === null ? null : hex(c.session));
  const open = cnxns.all();
  return {
    view: {
      role: status.state,
      lastZxid: hex(status.zxid),
      sessions: [...known].map(([id, timeout]) => ({ session: hex(id), timeout })),
      learners: status.learners,
    },
    serving: role.serving(),
    nodeCount: db.nodeCount(),
    watchCount: db.watchCount(),
    ephemerals: [...known.keys()]
      .map((s) => ({ session: hex(s), paths: db.getEphemerals(s) }))
      .filter((e) => e.paths.length > 0),
    connections: open.map((c) => ({
      // The client end of the socket: its address and an ephemeral port (one per connection).
      address: `${config.addressOf(c.peer)}:${32768 + c.conn}`,
      session: sessionOf(c),
      received: c.received,
      sent: c.sent,
      timeout: c.session === null ? 0 : (known.get(c.session) ?? 0),
    })),
    received: cnxns.packetsReceived,
    sent: cnxns.packetsSent,
    outstanding,
    watchesBySession: open
      .filter((c) => c.session !== null)
      .map((c) => ({
        session: sessionOf(c) as string,
        paths: [...new Set(db.watchesOf(c.watcher).map((w) => w.path))],
      }))
      .filter((w) => w.paths.length > 0),
    config: {
      clientPort: 2181,
      sid: config.sid,
      tickTime: config.tickTime,
      initLimit: config.initLimit,
      syncLimit: config.syncLimit,
      minSessionTimeout: config.minSessionTimeout,
      maxSessionTimeout: config.maxSessionTimeout,
      servers: [...config.voters, ...config.observers].map((sid) => ({
        sid,
        address: config.addressOf(serverNodeId(sid)),
        observer: config.observers.includes(sid),
      })),
    },
  };
}
