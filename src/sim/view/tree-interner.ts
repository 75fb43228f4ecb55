// Pictures of a large tree taken again and again (every few events, kept for seeking back) must
// share what did not change, or a 2,000-znode ensemble fills memory in a minute of virtual time.
// A znode's picture changes only with its Stat (data → mzxid, children → pzxid/cversion, ACL →
// aversion; a node created again has a new czxid), so equal keys mean equal pictures.
import type { ZnodeView } from './types.ts';

const keyOf = (z: ZnodeView) =>
  `${z.stat.czxid}:${z.stat.mzxid}:${z.stat.pzxid}:${z.stat.cversion}:${z.stat.aversion}`;

export class TreeInterner {
  private byPath = new Map<string, { key: string; view: ZnodeView }>();
  private last: ZnodeView[] = [];

  /** The same tree, made of the pictures already held for unchanged znodes (and the same array if nothing changed). */
  intern(tree: ZnodeView[]): ZnodeView[] {
    let same = tree.length === this.last.length;
    const next = new Map<string, { key: string; view: ZnodeView }>();
    const out = tree.map((z, i) => {
      const key = keyOf(z);
      const held = this.byPath.get(z.path);
      const view = held && held.key === key ? held.view : z;
      next.set(z.path, { key, view });
      if (same && this.last[i] !== view) same = false;
      return view;
    });
    this.byPath = next;
    if (same) return this.last;
    this.last = out;
    return out;
  }
}
