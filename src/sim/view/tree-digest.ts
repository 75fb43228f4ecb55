// A short fingerprint of a tree picture (FNV-1a over every znode's path, Stat, data, kind and ACL):
// the page writes it on the tree view so a browser test can check, against a run in Node, that
// the tree shown is exactly the one after the cursor's event without reading 2,000 rows.
import type { ZnodeView } from './types.ts';

export function treeDigest(tree: readonly ZnodeView[]): string {
  let h = 0x811c9dc5;
  for (const z of tree) {
    h ^= znodeHash(z);
    h = Math.imul(h, 0x01000193);
  }
  return `${tree.length}:${(h >>> 0).toString(16)}`;
}

/** A znode picture never changes once drawn (a change is a new picture): each is hashed once. */
const hashes = new WeakMap<ZnodeView, number>();

function znodeHash(z: ZnodeView): number {
  const known = hashes.get(z);
  if (known !== undefined) return known;
  const st = z.stat;
  const text =
    `${z.path}|${st.czxid}|${st.mzxid}|${st.pzxid}|${st.ctime}|${st.mtime}|${st.version}|${st.cversion}|` +
    `${st.aversion}|${st.ephemeralOwner}|${st.dataLength}|${st.numChildren}|${z.kind}|${z.ttl}|${z.data}|` +
    z.acl.map((a) => `${a.perms}:${a.scheme}:${a.id}`).join(';');
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  hashes.set(z, h);
  return h;
}
