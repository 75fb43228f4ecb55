// One ZooKeeper server in its own Web Worker: a thin host around the node (src/conductor/node-host.ts).
import { NodeHostCore } from '../src/conductor/node-host.ts';
import { serveNodeHost } from '../src/conductor/node-port.ts';

serveNodeHost(self, new NodeHostCore(null));
