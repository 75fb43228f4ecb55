// Node's side of a live run: plain TCP sockets to the ensemble's client ports.
import { createConnection } from 'node:net';
import type { Connection, ConnectionHandlers, HostPort, Transport } from './transport.ts';

/** Connects within this long or reports the connection failed (ClientCnxn's connectTimeout stands in). */
const CONNECT_TIMEOUT_MS = 2000;

export class TcpTransport implements Transport {
  constructor(private readonly addresses: readonly HostPort[]) {}

  get servers(): number {
    return this.addresses.length;
  }

  connect(server: number, h: ConnectionHandlers): Connection {
    const a = this.addresses[server];
    if (!a) throw new Error(`no server ${server + 1} in the connect string`);
    const socket = createConnection({ host: a.host, port: a.port });
    socket.setNoDelay(true);
    socket.setTimeout(CONNECT_TIMEOUT_MS, () => socket.destroy());
    let opened = false;
    let ended = false;
    socket.on('connect', () => {
      opened = true;
      socket.setTimeout(0);
      h.open();
    });
    socket.on('data', (chunk: Buffer) =>
      h.data(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)),
    );
    socket.on('error', () => {});
    socket.on('close', () => {
      if (ended) return;
      ended = true;
      h.close(opened);
    });
    return {
      send: (bytes) => {
        if (!socket.destroyed) socket.write(bytes);
      },
      close: () => {
        ended = true;
        socket.end();
        socket.destroySoon();
      },
    };
  }
}
