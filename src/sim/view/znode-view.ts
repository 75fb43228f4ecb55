// The data tree as the views draw it: every node with its Stat as a client sees it, its data as
// text, its kind and its ACL in ZooKeeper's CLI notation.
import { ephemeralKind, ttlOf } from '../server/datatree.ts';
import type { Acl, Stat } from '../server/protocol.ts';
import type { ZkDatabase } from '../server/zkdatabase.ts';
import { statForTrace } from '../trace/format.ts';
import { TreeInterner } from './tree-interner.ts';
import type { ZnodeView } from './types.ts';

/**
 * The tree changes only when a txn is applied (or truncated away), and every such change moves
 * lastProcessedZxid to a zxid it never had since the last picture: pictures share an unchanged tree.
 */
const drawn = new WeakMap<ZkDatabase, { zxid: number; tree: ZnodeView[]; interner: TreeInterner }>();

/** Every node of `db`, a parent before its children, siblings in code-unit order. */
export function treeView(db: ZkDatabase, extendedTypes: boolean): ZnodeView[] {
  const last = drawn.get(db);
  if (last && last.zxid === db.lastProcessedZxid) return last.tree;
  const interner = last?.interner ?? new TreeInterner();
  const tree = interner.intern(drawTree(db, extendedTypes));
  drawn.set(db, { zxid: db.lastProcessedZxid, tree, interner });
  return tree;
}

function drawTree(db: ZkDatabase, extendedTypes: boolean): ZnodeView[] {
  const out: ZnodeView[] = [];
  for (const path of db.paths().sort(byPath)) {
    const node = db.peek(path);
    if (!node) continue;
    const kind = kindOf(ephemeralKind(node.ephemeralOwnerRaw, extendedTypes));
    out.push({
      path,
      data: node.data,
      stat: statView(node.stat),
      kind,
      ttl: kind === 'ttl' ? ttlOf(node.ephemeralOwnerRaw) : null,
      sequential: SEQUENTIAL_SUFFIX.test(path),
      acl: node.acl.map(aclView),
    });
  }
  return out;
}

/** The 11 Stat fields with zxids and the owner as 0x-hex, exactly as the trace writes them. */
export function statView(stat: Stat): ZnodeView['stat'] {
  return statForTrace(stat) as ZnodeView['stat'];
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

/** Component by component, so '/a/b' comes right after '/a' and before '/a-b'. */
export function byPath(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  }
  return x.length - y.length;
}
