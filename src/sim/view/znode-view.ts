// The data tree as the views draw it: every node with its Stat as a client sees it, its data as
// text, its kind and its ACL in ZooKeeper's CLI notation.
import { ephemeralKind, ttlOf } from '../server/datatree.ts';
import type { Acl, Stat } from '../server/protocol.ts';
import type { ZkDatabase } from '../server/zkdatabase.ts';
import { statForTrace } from '../trace/format.ts';
import type { ZnodeView } from './types.ts';

/**
 * The tree changes only when a txn is applied (or truncated away), and every such change moves
 * lastProcessedZxid to a zxid it never had since the last picture: pictures share an unchanged tree.
 */
const drawn = new WeakMap<ZkDatabase, { zxid: number; tree: ZnodeView[] }>();

/** Every node of `db`, a parent before its children, siblings in code-unit order. */
export function treeView(db: ZkDatabase, extendedTypes: boolean): ZnodeView[] {
  const last = drawn.get(db);
  if (last && last.zxid === db.lastProcessedZxid) return last.tree;
  const tree = drawTree(db, extendedTypes);
  drawn.set(db, { zxid: db.lastProcessedZxid, tree });
  return tree;
}

export function drawTree(db: ZkDatabase, extendedTypes: boolean): ZnodeView[] {
  const out: ZnodeView[] = [];
  for (const path of db.paths().sort(byPath)) {
    const z = znodeView(db, path, extendedTypes);
    if (z) out.push(z);
  }
  return out;
}

/** One znode's picture, or null when there is no such node. */
export function znodeView(db: ZkDatabase, path: string, extendedTypes: boolean): ZnodeView | null {
  const node = db.peekZnode(path);
  if (!node) return null;
  const kind = kindOf(ephemeralKind(node.ephemeralOwnerRaw, extendedTypes));
  return {
    path,
    data: node.data,
    stat: statView(node.stat),
    kind,
    ttl: kind === 'ttl' ? ttlOf(node.ephemeralOwnerRaw) : null,
    sequential: SEQUENTIAL_SUFFIX.test(path),
    acl: aclsView(node.acl),
  };
}

/** The 11 Stat fields with zxids and the owner as 0x-hex, exactly as the trace writes them. */
export function statView(stat: Stat): ZnodeView['stat'] {
  return statForTrace(stat);
}

/** Perms in the order ZooKeeper's CLI prints them (getAcl: "cdrwa"). */
const PERM_LETTERS: readonly [string, number][] = [
  ['c', 4],
  ['d', 8],
  ['r', 1],
  ['w', 2],
  ['a', 16],
];

export function permLetters(perms: number): string {
  return PERM_LETTERS.filter(([, bit]) => (perms & bit) !== 0)
    .map(([letter]) => letter)
    .join('');
}

/**
 * ACL pictures by their text, one for all znodes that carry it (most carry the same one): a picture
 * is never modified, and the conductor keeps a znode's picture per change (100k znodes: ~20 MB of
 * identical ACL lists).
 */
const acls = new Map<string, ZnodeView['acl']>();
const ACLS_KEPT = 1024;

function aclsView(acl: readonly Acl[]): ZnodeView['acl'] {
  let key = '';
  for (const a of acl) key += `${a.perms} ${a.scheme} ${a.id}\n`;
  const known = acls.get(key);
  if (known !== undefined) return known;
  const view = acl.map(aclView);
  if (acls.size < ACLS_KEPT) acls.set(key, view);
  return view;
}

function aclView(a: Acl): ZnodeView['acl'][number] {
  return { perms: permLetters(a.perms), scheme: a.scheme, id: a.id };
}

/**
 * The server does not store the SEQUENTIAL flag (CreateMode is gone once the name is made), so a
 * name ending in the 10-digit counter is taken for a sequential node.
 */
const SEQUENTIAL_SUFFIX = /\d{10}$/;

function kindOf(k: ReturnType<typeof ephemeralKind>): ZnodeView['kind'] {
  if (k === 'void') return 'persistent';
  if (k === 'normal') return 'ephemeral';
  return k;
}

/**
 * Component by component, so '/a/b' comes right after '/a' and before '/a-b': code-unit order with
 * '/' below every other character (the tree log merges thousands of paths per fold with it).
 */
export function byPath(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x === SLASH) return -1;
    if (y === SLASH) return 1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

const SLASH = 47;
