import { describe, expect, it } from 'vitest';
import { diffNormalised, formatDifferences, normalise, parseTrace } from '../../src/cli/trace-diff.ts';

const stat = (czxid: string, version: number, owner = '0x0') => ({
  czxid,
  mzxid: czxid,
  pzxid: czxid,
  ctime: 5,
  mtime: 5,
  version,
  cversion: 0,
  aversion: 0,
  ephemeralOwner: owner,
  dataLength: 1,
  numChildren: 0,
});

/** A two-client trace whose zxids start at `base` and whose sessions are `s1`, `s2`. */
function trace(
  base: number,
  s1: string,
  s2: string,
  t = 0,
  change: (lines: object[]) => void = () => {},
): string {
  const z = (n: number) => `0x${(base + n).toString(16)}`;
  const lines: object[] = [
    {
      t,
      kind: 'client.session',
      client: 'c1',
      session: s1,
      state: 'SyncConnected',
      server: 1,
      timeout: 4000,
    },
    {
      t,
      kind: 'client.session',
      client: 'c2',
      session: s2,
      state: 'SyncConnected',
      server: 1,
      timeout: 4000,
    },
    {
      t: t + 1,
      kind: 'client.reply',
      client: 'c1',
      op: 'create',
      path: '/e',
      ok: true,
      zxid: z(2),
      result: { path: '/e', stat: stat(z(2), 0, s1) },
    },
    { t: t + 2, kind: 'lua.log', client: 'c1', message: `my session ${s1}` },
    {
      t: t + 3,
      kind: 'client.reply',
      client: 'c2',
      op: 'children',
      path: '/',
      ok: true,
      zxid: z(2),
      result: { children: ['e', 'zookeeper'], stat: stat('0x0', 0) },
    },
    { t: t + 4, kind: 'client.event', client: 'c2', type: 'NodeDeleted', path: '/e' },
    { t: t + 5, kind: 'server.state', server: 1, state: 'STANDALONE', epoch: 0, zxid: z(0) },
  ];
  change(lines);
  return lines.map((l) => JSON.stringify(l)).join('\n');
}

const diff = (a: string, b: string) =>
  diffNormalised(normalise(parseTrace(a, 'a')), normalise(parseTrace(b, 'b')));

describe('npm run diff: normalisation', () => {
  it('two runs that differ only in times, zxid base and session ids have no difference', () => {
    const sim = trace(1, '0x100000000000000', '0x100000000000001');
    const live = trace(0x500000040, '0x10000a345930000', '0x10000a345930001', 1000);
    expect(diff(sim, live)).toEqual([]);
  });

  it('names sessions after their clients, in Stats and in script output', () => {
    const n = normalise(parseTrace(trace(1, '0xaa', '0xbb'), 't'));
    const c1 = n.get('c1')!;
    expect(c1[1]!.fields.get('result.stat.ephemeralOwner')).toBe('<session of c1>');
    expect(c1[2]!.fields.get('message')).toBe('"my session <session of c1>"');
    expect(c1[1]!.fields.get('result.stat.czxid')).toBe('+0x0');
    expect(c1[1]!.fields.has('result.stat.ctime')).toBe(false);
  });
});

describe('npm run diff: differences', () => {
  it('lists a Stat field, the children order, a missing watch event and an error, client by client', () => {
    const a = trace(1, '0xaa', '0xbb');
    const b = trace(1, '0xaa', '0xbb', 0, (l) => {
      (l[2] as { result: { stat: { version: number } } }).result.stat.version = 3;
      (l[4] as { result: { children: string[] } }).result.children = ['zookeeper', 'e'];
      l.splice(5, 1);
      l.push({
        t: 9,
        kind: 'client.reply',
        client: 'c1',
        op: 'delete',
        path: '/e',
        ok: false,
        err: 'NoNode',
      });
    });
    const d = diff(a, b);
    const text = formatDifferences(d, ['sim', 'live']);
    expect(text).toEqual([
      'c1: client.reply create /e (#1/#1): result.stat.version: sim 0 ≠ live 3',
      'c1: only in live (#3): client.reply delete /e {ok=false, err="NoNode"}',
      'c2: client.reply children / (#1/#1): result.children: sim ["e","zookeeper"] ≠ live ["zookeeper","e"]',
      'c2: only in sim (#2): client.event NodeDeleted /e',
    ]);
  });

  it('refuses a line that is not a trace event, naming it', () => {
    expect(() => parseTrace('{"kind":"x"}\nnope', 'run.jsonl')).toThrow(/run.jsonl:2: not JSON/);
    expect(() => parseTrace('[1]', 'run.jsonl')).toThrow(/run.jsonl:1: not a trace event/);
  });
});
