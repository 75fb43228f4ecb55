// How protocol values appear in trace events: zxids and session ids as 0x-hex strings, Stat with
// its 11 ZooKeeper fields (docs/trace.md). The shapes are declared in result.ts.
import type { OpResult, Stat } from '../server/protocol.ts';
import { hex } from './canonical.ts';
import type { TraceMultiResult, TraceResult, TraceStat } from './result.ts';

export type { TraceMultiResult, TraceResult, TraceStat } from './result.ts';

export function statForTrace(stat: Stat): TraceStat {
  return {
    czxid: hex(stat.czxid),
    mzxid: hex(stat.mzxid),
    pzxid: hex(stat.pzxid),
    ctime: stat.ctime,
    mtime: stat.mtime,
    version: stat.version,
    cversion: stat.cversion,
    aversion: stat.aversion,
    ephemeralOwner: hex(stat.ephemeralOwner),
    dataLength: stat.dataLength,
    numChildren: stat.numChildren,
  };
}

export function resultForTrace(result: OpResult): TraceResult {
  const out: TraceResult = {};
  if (result.path !== undefined) out.path = result.path;
  if (result.data !== undefined) out.data = result.data;
  if (result.stat !== undefined) out.stat = result.stat === null ? null : statForTrace(result.stat);
  if (result.children !== undefined) out.children = result.children;
  if (result.acl !== undefined)
    out.acl = result.acl.map((a) => ({ perms: a.perms, scheme: a.scheme, id: a.id }));
  if (result.ephemerals !== undefined) out.ephemerals = result.ephemerals;
  if (result.number !== undefined) out.number = result.number;
  if (result.results !== undefined) {
    out.results = result.results.map((r): TraceMultiResult => {
      switch (r.op) {
        case 'create':
          return r.stat ? { op: r.op, path: r.path, stat: statForTrace(r.stat) } : { op: r.op, path: r.path };
        case 'set':
          return { op: r.op, stat: statForTrace(r.stat) };
        case 'get':
          return { op: r.op, data: r.data, stat: statForTrace(r.stat) };
        case 'children':
          return { op: r.op, children: r.children };
        case 'error':
          return { op: r.op, err: r.err };
        default:
          return { op: r.op };
      }
    });
  }
  return out;
}
