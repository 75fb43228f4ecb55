// How a scenario names its nodes: servers zk1..zkN (src/sim/node-id.ts) and clients by the names
// they are given. Which nodes exist is peeked from the raw document before it is validated, so that
// one bad field (a bad server count, a bad client) does not hide what the faults name.
import { serverNodeId, sidOfNodeId } from '../sim/node-id.ts';
import { isRecord, own } from './check-kit.ts';
import { SCENARIO_DEFAULTS } from './defaults.ts';
import { MAX_SERVERS } from './schema-servers.ts';

/** A client's name: a letter, then up to 31 letters, digits, _ or -. */
export const CLIENT_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;
/**
 * Names a reader would take for a server's: zk<digits> in any case. Wider than the servers' own
 * names (node-id.ts: 'ZK3', 'zk0' and 'zk03' name no server) so that no client is called that.
 */
export const SERVER_LIKE_NAME = /^zk\d+$/i;

/** What faults may name, peeked from the raw document so one bad field does not hide the rest. */
export interface KnownNodes {
  /** Undefined when `servers.count` itself is invalid: server ids are then not range-checked. */
  serverCount: number | undefined;
  /** Undefined when `clients` is not an array: client names are then not checked. */
  clients: ReadonlySet<string> | undefined;
}

export function knownNodes(input: unknown): KnownNodes {
  const root = isRecord(input) ? input : {};
  const servers = own(root, 'servers');
  const count = servers === undefined ? undefined : isRecord(servers) ? own(servers, 'count') : null;
  const validCount =
    typeof count === 'number' && Number.isInteger(count) && count >= 1 && count <= MAX_SERVERS;
  // Observers take the ids after the voters; clients and faults may name them too. The count
  // derives a default connect list, so it is bounded first: an out-of-range count (10^9, say) is
  // only reported, never used to build anything.
  const rawObservers = isRecord(servers) ? own(servers, 'observers') : undefined;
  const observers =
    typeof rawObservers === 'number' && Number.isInteger(rawObservers) && rawObservers >= 0
      ? rawObservers
      : 0;
  const validObservers = observers <= MAX_SERVERS;
  const clients = own(root, 'clients') ?? [];
  return {
    serverCount: !validObservers
      ? undefined
      : count === undefined
        ? SCENARIO_DEFAULTS.servers.count + observers
        : validCount
          ? count + observers
          : undefined,
    clients: Array.isArray(clients)
      ? new Set(
          rawClientNames(clients)
            .map((c) => c.name)
            .filter(isClientName),
        )
      : undefined,
  };
}

/** The string `name`s of raw client entries, with their indexes. */
export function rawClientNames(clients: readonly unknown[]): { name: string; index: number }[] {
  return clients.flatMap((client, index) => {
    const name = isRecord(client) ? own(client, 'name') : undefined;
    return typeof name === 'string' ? [{ name, index }] : [];
  });
}

function isClientName(name: string): boolean {
  return CLIENT_NAME_PATTERN.test(name) && !SERVER_LIKE_NAME.test(name);
}

/** Whether `id` names one of the document's servers (any server when their count is unknown). */
export function isKnownServer(id: string, serverCount: number | undefined): boolean {
  const sid = sidOfNodeId(id);
  return sid !== null && sid <= (serverCount ?? Number.MAX_SAFE_INTEGER);
}

/** The nodes a fault may name, for a message: `servers: zk1..zk3; clients: alice, bob`. */
export function nodesText(nodes: KnownNodes): string {
  const servers =
    nodes.serverCount === undefined
      ? `${serverNodeId(1)}..`
      : nodes.serverCount === 1
        ? serverNodeId(1)
        : `${serverNodeId(1)}..${serverNodeId(nodes.serverCount)}`;
  const clients = nodes.clients === undefined ? '' : `; clients: ${listText([...nodes.clients])}`;
  return `servers: ${servers}${clients}`;
}

/** Names for a message: the first few, then how many more (a scenario may have thousands of clients). */
function listText(names: readonly string[], shown = 10): string {
  if (names.length === 0) return 'none';
  const head = names.slice(0, shown).join(', ');
  return names.length > shown ? `${head}, … (${names.length - shown} more)` : head;
}
