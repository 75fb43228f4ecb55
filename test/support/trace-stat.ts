// A Stat as the trace writes it, for hand-made traces and pictures: created at `czxid`, last
// modified at `mzxid`, every other field at its zero unless `more` says otherwise.
import type { TraceStat } from '../../src/sim/trace/format.ts';

export const traceStat = (czxid: string, mzxid = czxid, more: Partial<TraceStat> = {}): TraceStat => ({
  czxid,
  mzxid,
  pzxid: czxid,
  ctime: 0,
  mtime: 0,
  version: 0,
  cversion: 0,
  aversion: 0,
  ephemeralOwner: '0x0',
  dataLength: 0,
  numChildren: 0,
  ...more,
});
