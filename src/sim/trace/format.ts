// How protocol values appear in trace events: zxids and session ids as 0x-hex strings, Stat with
// its 11 ZooKeeper fields (docs/trace.md).
import type { OpResult, Stat } from '../server/protocol.ts';
import { hex } from './canonical.ts';
import type { TraceValue } from './event.ts';

export function statForTrace(stat: Stat): { [k: string]: TraceValue } {
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

export function resultForTrace(result: OpResult): { [k: string]: TraceValue } {
  const out: { [k: string]: TraceValue } = {};
  if (result.path !== undefined) out.path = result.path;
  if (result.data !== undefined) out.data = result.data;
  if (result.stat !== undefined) out.stat = result.stat === null ? null : statForTrace(result.stat);
  if (result.children !== undefined) out.children = result.children;
  if (result.acl !== undefined)
    out.acl = result.acl.map((a) => ({ perms: a.perms, scheme: a.scheme, id: a.id }));
  if (result.results !== undefined) {
    out.results = result.results.map((r) => {
      const o: { [k: string]: TraceValue } = { op: r.op };
      if ('path' in r) o.path = r.path;
      if ('stat' in r) o.stat = statForTrace(r.stat);
      if ('err' in r) o.err = r.err;
      return o;
    });
  }
  return out;
}
