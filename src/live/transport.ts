// How a live run reaches ZooKeeper: a byte stream per connection to one of the ensemble's servers.
// Node opens TCP sockets (tcp-transport.ts); the page goes through the bridge's WebSocket.

export interface ConnectionHandlers {
  open(): void;
  data(bytes: Uint8Array): void;
  /** The connection ended; `opened` says whether it had been established. */
  close(opened: boolean): void;
}

export interface Connection {
  send(bytes: Uint8Array): void;
  close(): void;
}

export interface Transport {
  /** Opens a connection to the `server`-th address of the connect string (0-based). */
  connect(server: number, handlers: ConnectionHandlers): Connection;
  /** How many servers the connect string names. */
  readonly servers: number;
}

export interface HostPort {
  host: string;
  port: number;
}

/**
 * A connect string, ZooKeeper's way: "host:port,host:port[/chroot]" (ConnectStringParser). The
 * chroot, if any, applies to every path (codec.ts).
 */
export function parseConnectString(text: string): { servers: HostPort[]; chroot: string } {
  const slash = text.indexOf('/');
  const hosts = slash < 0 ? text : text.slice(0, slash);
  let chroot = slash < 0 ? '' : text.slice(slash);
  if (chroot === '/') chroot = '';
  if (chroot.endsWith('/')) throw new Error(`the chroot must not end with '/': ${chroot}`);
  const servers = hosts.split(',').map((h) => {
    const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(h.trim());
    if (!m) throw new Error(`not host:port: '${h}'`);
    const port = m[2] === undefined ? 2181 : Number(m[2]);
    if (port < 1 || port > 65535) throw new Error(`bad port in '${h}'`);
    return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
  });
  if (servers.length === 0 || hosts.trim() === '') throw new Error('no server in the connect string');
  return { servers, chroot };
}
