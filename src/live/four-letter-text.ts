// What the page's Live mode reads from a real server's four-letter words besides srvr
// (live-link.ts): its sessions (`cons`) and its watches (`wchc`). Pure text parsing, so it is
// tested on the servers' own output.

/** A server that answers a word with a refusal rather than its text. */
export function refusedWord(text: string): string | null {
  const t = text.trim();
  // NIOServerCnxn#checkFourLetterWord → "… is not executed because it is not in the whitelist."
  if (/is not executed because it is not in the whitelist/.test(t)) return 'not in 4lw.commands.whitelist';
  // NopCommand with ZK_NOT_SERVING: a learner between leaders, a server still starting.
  if (/not currently serving requests/.test(t)) return 'not serving';
  return null;
}

export interface ConnectionInfo {
  /** The client's address as the server sees it ("/127.0.0.1:53122"). */
  remote: string;
  /** 0x-hex, or null for a connection without a session yet (a four-letter word's own). */
  session: string | null;
  /** The negotiated session timeout (ms), when there is a session. */
  timeout: number | null;
}

/**
 * `cons`: one line per connection, as ServerCnxn#dumpConnectionInfo prints it —
 * ` /127.0.0.1:53122[1](queued=0,recved=5,sent=5,sid=0x100…,lop=PING,est=…,to=10000,…)`; the
 * session fields only once the connection has a session.
 */
export function parseCons(text: string): ConnectionInfo[] {
  const out: ConnectionInfo[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*(\S+?)\[\d+\]\((.*)\)\s*$/.exec(line);
    if (!m) continue;
    const fields = new Map(
      m[2]!.split(',').map((kv) => {
        const i = kv.indexOf('=');
        return [kv.slice(0, i), kv.slice(i + 1)] as const;
      }),
    );
    const sid = fields.get('sid');
    const to = fields.get('to');
    out.push({
      remote: m[1]!,
      session: sid === undefined ? null : `0x${BigInt(sid).toString(16)}`,
      timeout: to === undefined ? null : Number(to),
    });
  }
  return out;
}

export interface WatchEntry {
  session: string;
  path: string;
  /**
   * 'child' when the server's child-watch table listed it. DataTree#dumpWatches prints the data
   * watches (getData, exists) and then the child watches (getChildren) with no heading between
   * them; a session listed a second time has moved on to the child table, so what follows is
   * surely a child watch. Before that, null: a data watch, or the child table's first sessions.
   */
  table: 'child' | null;
}

/**
 * `wchc`: per session, `0x<session>` and a tab-indented line per watched path
 * (WatchManager#dumpWatches with byPath false), the data table's sessions then the child table's.
 */
export function parseWchc(text: string): WatchEntry[] {
  const out: WatchEntry[] = [];
  const seen = new Set<string>();
  let session: string | null = null;
  let table: WatchEntry['table'] = null;
  for (const line of text.split('\n')) {
    const head = /^0x([0-9a-f]+)\s*$/i.exec(line);
    if (head) {
      session = `0x${BigInt(`0x${head[1]}`).toString(16)}`;
      if (seen.has(session)) table = 'child';
      seen.add(session);
      continue;
    }
    const path = /^\t(\/.*)$/.exec(line);
    if (path && session !== null) out.push({ session, path: path[1]!, table });
  }
  return out;
}
