// The page's side of a live run: each ZooKeeper connection is a WebSocket to the bridge
// (bridge-server.ts), which relays its bytes to one server of the ensemble. Works with the
// browser's WebSocket and with the `ws` package's in Node (tests), which share this much of the API.
import type { Connection, ConnectionHandlers, Transport } from './transport.ts';

/** The part of the WebSocket API this uses. */
export interface SocketLike {
  binaryType: string;
  readonly readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  send(data: Uint8Array): void;
  close(): void;
}

export type SocketFactory = (url: string) => SocketLike;

const OPEN = 1;

export class WsTransport implements Transport {
  /**
   * `bridge`: the bridge's ws:// URL; `servers`: how many it relays to (its /info says); `open`:
   * makes a WebSocket (the browser's: `(u) => new WebSocket(u)`).
   */
  constructor(
    private readonly bridge: string,
    private readonly token: string,
    readonly servers: number,
    private readonly open: SocketFactory,
  ) {}

  connect(server: number, h: ConnectionHandlers): Connection {
    const url = `${this.bridge.replace(/\/$/, '')}/zk?token=${encodeURIComponent(this.token)}&server=${server}`;
    const ws = this.open(url);
    ws.binaryType = 'arraybuffer';
    let opened = false;
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      h.close(opened);
    };
    ws.onopen = () => {
      opened = true;
      h.open();
    };
    ws.onmessage = (ev) => {
      const d = ev.data;
      if (d instanceof ArrayBuffer) h.data(new Uint8Array(d));
      else if (ArrayBuffer.isView(d)) h.data(new Uint8Array(d.buffer, d.byteOffset, d.byteLength));
    };
    ws.onclose = end;
    ws.onerror = end;
    return {
      send: (bytes) => {
        if (ws.readyState === OPEN) ws.send(bytes);
      },
      close: () => {
        ended = true;
        ws.close();
      },
    };
  }
}
