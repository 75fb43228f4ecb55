// One ZooKeeper server in its own Web Worker: a thin host around the node (src/conductor/node-host.ts).
import { expose } from 'comlink';
import { NodeHostCore } from '../src/conductor/node-host.ts';

expose(new NodeHostCore(null));
