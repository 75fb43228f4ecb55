// What the page needs to start a live run (issue #14 item 3), without the page: the bridge link
// from the URL (`#live=ws://127.0.0.1:8765&token=…`), a check of the bridge with a message a person
// can act on (unreachable, wrong token, ZooKeeper down), and each server's mode, epoch and zxid
// from `srvr` for the ring (src/app/live/ shows them).
import type { SocketFactory } from './ws-transport.ts';

export interface LiveLink {
  /** The bridge's ws:// or wss:// URL. */
  bridge: string;
  token: string;
}

/** The live link in a location hash, or null when there is none (or it is not a ws:// URL). */
export function parseLiveHash(hash: string): LiveLink | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const bridge = params.get('live');
  const token = params.get('token');
  if (bridge === null || token === null || !/^wss?:\/\/[^/]+/.test(bridge)) return null;
  return { bridge: bridge.replace(/\/$/, ''), token };
}

export type Probe = { ok: true; servers: number } | { ok: false; message: string };

/** Asks the bridge's /info; the message says what to do when it fails. */
export async function probeBridge(link: LiveLink, fetchImpl: typeof fetch = fetch): Promise<Probe> {
  const http = link.bridge.replace(/^ws/, 'http');
  let res: Response;
  try {
    res = await fetchImpl(`${http}/info?token=${encodeURIComponent(link.token)}`);
  } catch {
    return {
      ok: false,
      message: `No bridge answers at ${link.bridge}: start it with npm run bridge -- --zk host:port`,
    };
  }
  if (res.status === 401)
    return {
      ok: false,
      message: 'The bridge refused the token: open the link the bridge printed when it started',
    };
  if (res.status === 403)
    return {
      ok: false,
      message: "The bridge does not accept this page's origin: start it with --origin for this page",
    };
  if (!res.ok) return { ok: false, message: `The bridge answered ${res.status}` };
  const info = (await res.json()) as { servers?: unknown };
  return typeof info.servers === 'number'
    ? { ok: true, servers: info.servers }
    : { ok: false, message: 'That is not a zk-playground bridge' };
}

export interface ServerStatus {
  /** 1-based, as the scenario numbers servers. */
  server: number;
  /** srvr's Mode (standalone, leader, follower, observer), or null when the server is down. */
  mode: string | null;
  zxid: number | null;
  epoch: number | null;
  /** Why there is no mode ("not serving", "down"). */
  problem?: string;
}

/** srvr's text as the ring shows it. */
export function parseSrvr(server: number, text: string): ServerStatus {
  if (text.trim() === '') return { server, mode: null, zxid: null, epoch: null, problem: 'down' };
  const mode = /^Mode: (\w+)/m.exec(text)?.[1] ?? null;
  const zxidText = /^Zxid: (0x[0-9a-f]+)/im.exec(text)?.[1];
  const zxid = zxidText === undefined ? null : Number(BigInt(zxidText));
  const epoch = zxidText === undefined ? null : Number(BigInt(zxidText) >> 32n);
  if (mode === null) return { server, mode, zxid, epoch, problem: 'not serving' };
  return { server, mode, zxid, epoch };
}

/** A four-letter word's answer from server `server` (0-based) through the bridge's /4lw ('' when none). */
export function fourLetterText(
  link: LiveLink,
  server: number,
  word: string,
  open: SocketFactory,
): Promise<string> {
  return new Promise<string>((resolve) => {
    const token = encodeURIComponent(link.token);
    const ws = open(`${link.bridge}/4lw?token=${token}&server=${server}&word=${encodeURIComponent(word)}`);
    let text = '';
    ws.onmessage = (ev) => {
      if (typeof ev.data === 'string') text += ev.data;
      else if (ev.data instanceof ArrayBuffer) text += new TextDecoder().decode(ev.data);
    };
    const done = () => resolve(text);
    ws.onclose = done;
    ws.onerror = done;
  });
}

/** Each server's srvr through the bridge's /4lw (what a live ring shows). */
export function serverStatuses(
  link: LiveLink,
  servers: number,
  open: SocketFactory,
): Promise<ServerStatus[]> {
  return Promise.all(
    Array.from({ length: servers }, (_, i) =>
      fourLetterText(link, i, 'srvr', open).then((text) => parseSrvr(i + 1, text)),
    ),
  );
}
