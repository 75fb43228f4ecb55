// Where things sit in the cluster picture: servers evenly on a ring (the first at the top, going
// clockwise, as ZooKeeper's docs draw an ensemble), clients on a wider ring between them. Positions
// depend only on the counts and the box, never on the run, so nothing jumps while the run plays: a
// client's connection is a line to its server, not a move.
export interface Point {
  x: number;
  y: number;
}

export interface RingLayout {
  cx: number;
  cy: number;
  /** Ring radius of the servers, and a server circle's radius. */
  radius: number;
  serverR: number;
  /** Ring radius of the clients, and a client box's half size. */
  clientRadius: number;
  clientR: number;
  servers: Point[];
  clients: Point[];
}

export function ringLayout(width: number, height: number, servers: number, clients: number): RingLayout {
  const cx = width / 2;
  const cy = height / 2;
  const half = Math.max(60, Math.min(width, height) / 2);
  // The client ring needs room for a client box and its label; with no clients the servers spread.
  const clientRadius = half - (clients > 0 ? 40 : 0);
  // Servers nearer the centre than the clients' ring by half of it, so a client fanned out beside
  // its server clears the epoch/zxid label under that server (issue #15 item 12).
  const radius = clients > 0 ? clientRadius * 0.5 : half * 0.72;
  const serverR = Math.max(22, Math.min(44, (Math.PI * radius) / Math.max(3, servers) / 2.1, half * 0.18));
  const clientR = Math.max(14, Math.min(24, serverR * 0.5));
  const ring = (n: number, r: number, offset: number): Point[] =>
    Array.from({ length: n }, (_, i) => {
      const a = -Math.PI / 2 + ((i + offset) * 2 * Math.PI) / n;
      return { x: cx + r * Math.cos(a), y: cy + r * Math.sin(a) };
    });
  // Half a step round: with as many clients as servers each client sits between two servers.
  const offset = 0.5;
  return {
    cx,
    cy,
    radius,
    serverR: servers === 1 ? Math.min(56, half * 0.25) : serverR,
    clientRadius,
    clientR,
    servers: servers === 1 ? [{ x: cx, y: cy }] : ring(servers, radius, 0),
    clients: ring(clients, clientRadius, offset),
  };
}

/** A point `t` of the way from a to b, pushed `side` px to the right of the direction of travel. */
export function along(a: Point, b: Point, t: number, side = 0): Point {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = Math.hypot(dx, dy) || 1;
  return { x: a.x + dx * t - (dy / len) * side, y: a.y + dy * t + (dx / len) * side };
}

/** The segment from a to b shortened by ra at a and rb at b (edge to edge of two circles). */
export function trimmed(a: Point, b: Point, ra: number, rb: number): [Point, Point] {
  const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
  return [along(a, b, Math.min(0.49, ra / len)), along(a, b, Math.max(0.51, 1 - rb / len))];
}

/**
 * Each client's place: next to the server it is connected to (fanned out around that server's
 * direction on the client ring), or its own home slot while it has no server. A client that moves
 * to another server moves on the picture too — that is the lesson of a failover.
 */
export function clientPlaces(
  layout: RingLayout,
  servers: readonly string[],
  clients: readonly { node: string; server: string | null }[],
): Point[] {
  const { cx, cy, clientRadius } = layout;
  const angleOf = (p: Point) => Math.atan2(p.y - cy, p.x - cx);
  const groups = new Map<string, number[]>();
  clients.forEach((c, i) => {
    if (c.server === null || !servers.includes(c.server)) return;
    const g = groups.get(c.server);
    if (g) g.push(i);
    else groups.set(c.server, [i]);
  });
  const step = Math.min(0.55, Math.PI / Math.max(1, clients.length + servers.length / 2));
  const out = layout.clients.slice();
  for (const [server, members] of groups) {
    const home = layout.servers[servers.indexOf(server)]!;
    // a standalone server sits in the centre: fan its clients round the whole ring instead
    if (servers.length === 1) continue;
    const base = angleOf(home);
    members.forEach((ci, k) => {
      const a = base + (k - (members.length - 1) / 2) * step;
      out[ci] = { x: cx + clientRadius * Math.cos(a), y: cy + clientRadius * Math.sin(a) };
    });
  }
  return out;
}
