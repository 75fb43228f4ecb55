// A synthetic znode picture (the shape ServerView.tree has) for tests of the page's tree models:
// only the path, the data, the version and whether it is sequential vary.
import type { ZnodeView } from '../../src/sim/view/types.ts';

export function znodeView(path: string, opts: { version?: number; sequential?: boolean } = {}): ZnodeView {
  const version = opts.version ?? 0;
  return {
    path,
    data: opts.version === undefined ? null : String(version),
    stat: {
      czxid: '0x0',
      mzxid: '0x0',
      pzxid: '0x0',
      ctime: 0,
      mtime: 0,
      version,
      cversion: 0,
      aversion: 0,
      ephemeralOwner: '0x0',
      dataLength: 0,
      numChildren: 0,
    },
    kind: 'persistent',
    ttl: null,
    sequential: opts.sequential ?? false,
    acl: [],
  };
}
