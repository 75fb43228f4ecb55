// The znode list of one server's picture → the rows the tree view draws: an indented tree (one row
// per znode, a file-explorer layout that stays readable at thousands of nodes), with collapsed
// subtrees, long child lists shown a page at a time, and a search that keeps matches and their
// ancestors.
import type { ZnodeView } from '../../../sim/view/types.ts';

export interface TreeNode {
  path: string;
  name: string;
  z: ZnodeView | null;
  children: TreeNode[];
}

export type TreeRow =
  | { type: 'node'; key: string; depth: number; node: TreeNode; expanded: boolean; match: boolean }
  | { type: 'more'; key: string; depth: number; parent: string; hidden: number };

export interface RowOptions {
  /** Paths the reader collapsed (or left collapsed by default). */
  collapsed: ReadonlySet<string>;
  /** How many children a node shows before a "… N more" row (per path, else `page`). */
  shown: ReadonlyMap<string, number>;
  page: number;
  /** Case-insensitive substring of the path; empty shows everything. */
  query: string;
}

export const PAGE = 50;

export function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

const SEQUENCE = /(\d{10})$/;

function sequenceNumber(n: TreeNode): number | null {
  if (n.z !== null && !n.z.sequential) return null;
  const m = SEQUENCE.exec(n.name);
  return m ? Number(m[1]) : null;
}

/**
 * Children in name order, except that sequential nodes line up by their sequence number: a lock's
 * children are named `<random guid>-lock-0000000007` (Curator's protected mode; our recipes
 * likewise), so name order would read #2, #3, #1 (issue #15 item 9). ZooKeeper appends the
 * parent's cversion as ten digits (PrepRequestProcessor#pRequest2TxnCreate, "%010d").
 */
export function childOrder(a: TreeNode, b: TreeNode): number {
  const sa = sequenceNumber(a);
  const sb = sequenceNumber(b);
  if (sa !== null && sb !== null && sa !== sb) return sa - sb;
  // a sequential node after the plain ones, then by name
  if ((sa === null) !== (sb === null)) return sa === null ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

export function flattenRows(root: TreeNode, opts: RowOptions): TreeRow[] {
  const q = opts.query.trim().toLowerCase();
  const rows: TreeRow[] = [];
  // With a query: only nodes that match or have a matching descendant, always expanded.
  const keep = q === '' ? null : matchingSet(root, q);
  const visit = (node: TreeNode, depth: number) => {
    const expanded = keep !== null || !opts.collapsed.has(node.path);
    const match = q !== '' && node.path.toLowerCase().includes(q);
    rows.push({ type: 'node', key: node.path, depth, node, expanded, match });
    if (!expanded) return;
    const children = keep === null ? node.children : node.children.filter((c) => keep.has(c.path));
    const limit = opts.shown.get(node.path) ?? opts.page;
    const visible = children.length > limit ? children.slice(0, limit) : children;
    for (const c of visible) visit(c, depth + 1);
    if (children.length > visible.length) {
      const hidden = children.length - visible.length;
      rows.push({ type: 'more', key: `${node.path}\u0000more`, depth: depth + 1, parent: node.path, hidden });
    }
  };
  visit(root, 0);
  return rows;
}

function matchingSet(root: TreeNode, q: string): Set<string> {
  const keep = new Set<string>();
  const visit = (node: TreeNode): boolean => {
    let any = node.path.toLowerCase().includes(q);
    for (const c of node.children) if (visit(c)) any = true;
    if (any) keep.add(node.path);
    return any;
  };
  visit(root);
  return keep;
}

/** The rows inside a scrolled window (fixed row height), with a margin of rows either side. */
export function visibleSlice(
  count: number,
  rowHeight: number,
  scrollTop: number,
  height: number,
  margin = 10,
) {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - margin);
  const last = Math.min(count, Math.ceil((scrollTop + height) / rowHeight) + margin);
  return { first, last };
}
