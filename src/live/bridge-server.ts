// The bridge between the page and a real ZooKeeper (`npm run bridge`): a browser cannot open TCP
// sockets, so each ZooKeeper connection of a live run in the page is a WebSocket to this process,
// which relays its bytes to one server of the ensemble it was started for.
//
// Security model: it listens on 127.0.0.1 unless told otherwise; a WebSocket is accepted only
// with the token the bridge printed at start (compared in constant time) and from an allowed page
// origin (a browser always sends Origin; other local programs could forge it, hence the token);
// it connects only to the servers named on its command line (server=N is an index, never an
// address: no open relay); four-letter words are limited to read-only ones.
//
//   GET  /info?token=T                      → {"servers": N, "words": [...]} (JSON)
//   WS   /zk?token=T&server=N               → bytes both ways with server N (0-based)
//   WS   /4lw?token=T&server=N&word=srvr    → the server's answer as one text message, then closed
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createConnection } from 'node:net';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { HostPort } from './transport.ts';

/** Read-only four-letter words the page may ask for (the ring's modes, epochs and zxids; sessions, watches). */
export const BRIDGE_WORDS = ['srvr', 'mntr', 'stat', 'conf', 'ruok', 'cons', 'envi', 'wchc'] as const;
/** jute.maxbuffer and a frame's length prefix: no client frame is larger. */
const MAX_MESSAGE = 0xfffff + 4;
const MAX_SOCKETS = 64;

export interface BridgeOptions {
  servers: readonly HostPort[];
  token: string;
  /** Page origins allowed to connect ("http://127.0.0.1:5173"). */
  origins: readonly string[];
  host: string;
  port: number;
}

export interface Bridge {
  server: Server;
  /** The port it listens on (the one asked for, or the OS's choice for 0). */
  port: number;
  close(): Promise<void>;
}

function sameToken(given: string | null, token: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Why a request is refused (HTTP status and text), or null when it may go on. */
function refusal(req: IncomingMessage, url: URL, o: BridgeOptions): [number, string] | null {
  const origin = req.headers.origin;
  if (origin !== undefined && !o.origins.includes(origin)) return [403, `origin ${origin} is not allowed`];
  if (!sameToken(url.searchParams.get('token'), o.token)) return [401, 'wrong or missing token'];
  return null;
}

function serverIndex(url: URL, o: BridgeOptions): number | null {
  const n = Number(url.searchParams.get('server'));
  return Number.isInteger(n) && n >= 0 && n < o.servers.length ? n : null;
}

export function startBridge(o: BridgeOptions): Promise<Bridge> {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE });
  const http = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://bridge');
    const refused = refusal(req, url, o);
    // A refusal is readable by the page too (its status is all it says), so the page can tell a
    // wrong token or origin from a bridge that is not there; only /info's answer needs the token.
    const cors = req.headers.origin ? { 'access-control-allow-origin': req.headers.origin } : {};
    if (refused) {
      res.writeHead(refused[0], { 'content-type': 'text/plain', ...cors }).end(refused[1]);
      return;
    }
    if (url.pathname !== '/info') {
      res.writeHead(404, cors).end();
      return;
    }
    res
      .writeHead(200, { 'content-type': 'application/json', ...cors })
      .end(JSON.stringify({ servers: o.servers.length, words: BRIDGE_WORDS }));
  });
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://bridge');
    const reject = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    const refused = refusal(req, url, o);
    if (refused) return reject(...refused);
    // A page's WebSocket always has an Origin; a request without one is no page's.
    if (req.headers.origin === undefined) return reject(403, 'no origin');
    const server = serverIndex(url, o);
    if (server === null) return reject(400, 'no such server');
    if (wss.clients.size >= MAX_SOCKETS) return reject(503, 'too many connections');
    if (url.pathname === '/zk') wss.handleUpgrade(req, socket, head, (ws) => relay(ws, o.servers[server]!));
    else if (url.pathname === '/4lw') {
      const word = url.searchParams.get('word') ?? '';
      if (!(BRIDGE_WORDS as readonly string[]).includes(word)) return reject(400, 'word not allowed');
      wss.handleUpgrade(req, socket, head, (ws) => fourLetters(ws, o.servers[server]!, word));
    } else reject(404, 'not found');
  });
  return new Promise((resolve, reject) => {
    http.once('error', reject);
    http.listen(o.port, o.host, () => {
      const a = http.address();
      resolve({
        server: http,
        port: typeof a === 'object' && a ? a.port : o.port,
        close: () =>
          new Promise((done) => {
            for (const c of wss.clients) c.terminate();
            wss.close();
            http.close(() => done());
          }),
      });
    });
  });
}

/** Bytes both ways between the WebSocket and a TCP connection to `to`; either end closing closes both. */
function relay(ws: WebSocket, to: HostPort): void {
  const tcp = createConnection({ host: to.host, port: to.port });
  const pending: Buffer[] = [];
  let open = false;
  tcp.setNoDelay(true);
  tcp.on('connect', () => {
    open = true;
    for (const b of pending.splice(0)) tcp.write(b);
  });
  tcp.on('data', (b: Buffer) => {
    if (ws.readyState === ws.OPEN) ws.send(b);
  });
  tcp.on('error', () => ws.close(1011, 'ZooKeeper connection failed'));
  tcp.on('close', () => ws.close(1000, 'ZooKeeper closed the connection'));
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (!isBinary) return ws.close(1003, 'binary frames only');
    if (open) tcp.write(data);
    else pending.push(data);
  });
  ws.on('close', () => tcp.destroy());
}

function fourLetters(ws: WebSocket, to: HostPort, word: string): void {
  const chunks: Buffer[] = [];
  const tcp = createConnection({ host: to.host, port: to.port }, () => tcp.write(word));
  tcp.setTimeout(3000, () => tcp.destroy());
  tcp.on('data', (b: Buffer) => chunks.push(b));
  tcp.on('error', () => {});
  tcp.on('close', () => {
    if (ws.readyState === ws.OPEN) ws.send(Buffer.concat(chunks).toString('utf8'));
    ws.close(1000);
  });
}
