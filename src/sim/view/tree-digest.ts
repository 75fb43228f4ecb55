// A short fingerprint of a tree picture (FNV-1a over every znode's path, Stat, data, kind and ACL):
// the page writes it on the tree view so a browser test can check, against a run in Node, that
// the tree shown is exactly the one after the cursor's event without reading 2,000 rows.
import type { ZnodeView } from './types.ts';

export function treeDigest(tree: readonly ZnodeView[]): string {
  let h = 0x811c9dc5;
  const mix = (s: string) => {
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
  };
  for (const z of tree) {
    const st = z.stat;
    mix(
      `${z.path}|${st.czxid}|${st.mzxid}|${st.pzxid}|${st.ctime}|${st.mtime}|${st.version}|${st.cversion}|`,
    );
    mix(
      `${st.aversion}|${st.ephemeralOwner}|${st.dataLength}|${st.numChildren}|${z.kind}|${z.ttl}|${z.data}|`,
    );
    for (const a of z.acl) mix(`${a.perms}:${a.scheme}:${a.id};`);
    mix('\n');
  }
  return `${tree.length}:${(h >>> 0).toString(16)}`;
}
