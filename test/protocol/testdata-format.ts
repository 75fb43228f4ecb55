// The protocol testdata format (docs/architecture.md, "Protocol testdata"), in the spirit of etcd
// raft's testdata/*.txt: each case is a directive line, a scenario document (JSON, any number of
// lines), a `----` line, and the expected excerpt of the trace up to the next blank line.
//
//   # why this case exists (comment lines start with #)
//   run until=6000 show=election.decided(server,state,leader) show=zab.sync(learner,mode)
//   {"servers": {"count": 3}}
//   ----
//   205 election.decided server=3 state=LEADING leader=3
//
// `show=kind(f1,f2,…)` prints events of that kind with those fields, in that order (a dotted field
// such as `result.data` reads inside an object; a missing one prints `-`); a field written `f=v`
// also keeps only events whose f prints as v. Each line starts with the event's time in ms.

export interface TestCase {
  /** 1-based line of the directive, for messages. */
  line: number;
  until: number;
  shows: Show[];
  /** The scenario document as written (defaults are filled in by the runner). */
  scenario: Record<string, unknown>;
  expected: string[];
  /** Where the expected lines are in the file: [first, end) indices into its lines. */
  expectedAt: [number, number];
}

export interface Show {
  kind: string;
  fields: { name: string; equals?: string }[];
}

export function parseTestdata(text: string, file: string): TestCase[] {
  const lines = text.split('\n');
  const cases: TestCase[] = [];
  let i = 0;
  const fail = (at: number, message: string): never => {
    throw new Error(`${file}:${at + 1}: ${message}`);
  };
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === '' || line.startsWith('#')) {
      i++;
      continue;
    }
    const directiveAt = i;
    const [command, ...args] = line.trim().split(/\s+/);
    if (command !== 'run') fail(i, `unknown directive '${command}' (expected 'run')`);
    let until: number | undefined;
    const shows: Show[] = [];
    for (const arg of args) {
      const until_ = /^until=(\d+)$/.exec(arg);
      const show = /^show=([a-z.]+)\(([^)]*)\)$/.exec(arg);
      if (until_) until = Number(until_[1]);
      else if (show) shows.push({ kind: show[1]!, fields: show[2]!.split(',').filter(Boolean).map(field) });
      else fail(i, `bad argument '${arg}' (expected until=<ms> or show=<kind>(<fields>))`);
    }
    if (until === undefined) fail(i, 'missing until=<ms>');
    if (shows.length === 0) fail(i, 'missing show=<kind>(<fields>)');
    i++;
    const json: string[] = [];
    while (i < lines.length && lines[i] !== '----') json.push(lines[i++]!);
    if (i >= lines.length) fail(directiveAt, "no '----' after the scenario");
    let scenario: Record<string, unknown> = {};
    try {
      scenario = JSON.parse(json.join('\n')) as Record<string, unknown>;
    } catch (e) {
      fail(directiveAt + 1, `the scenario is not JSON: ${(e as Error).message}`);
    }
    i++;
    const start = i;
    while (i < lines.length && lines[i]!.trim() !== '') i++;
    cases.push({
      line: directiveAt + 1,
      until: until as number,
      shows,
      scenario,
      expected: lines.slice(start, i),
      expectedAt: [start, i],
    });
  }
  return cases;
}

function field(spec: string): { name: string; equals?: string } {
  const eq = spec.indexOf('=');
  return eq < 0 ? { name: spec } : { name: spec.slice(0, eq), equals: spec.slice(eq + 1) };
}

/** The excerpt of a trace a case asks for, one line per shown event. */
export function excerpt(events: readonly Record<string, unknown>[], shows: readonly Show[]): string[] {
  const out: string[] = [];
  for (const event of events) {
    for (const show of shows) {
      if (event.kind !== show.kind) continue;
      const printed = show.fields.map((f) => ({ ...f, value: printValue(lookup(event, f.name)) }));
      if (printed.some((f) => f.equals !== undefined && f.value !== f.equals)) continue;
      out.push([String(event.t), show.kind, ...printed.map((f) => `${f.name}=${f.value}`)].join(' '));
    }
  }
  return out;
}

/** A field, or a nested one by a dotted path (`result.data`). */
function lookup(event: Record<string, unknown>, path: string): unknown {
  let value: unknown = event;
  for (const key of path.split('.')) {
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  }
  return value;
}

function printValue(value: unknown): string {
  if (value === undefined) return '-';
  // Session ids and zxids are bigints in the trace; hex as the canonical trace writes them.
  if (typeof value === 'bigint') return `0x${value.toString(16)}`;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The file with each case's expected lines replaced by what the run gave (REWRITE=1). */
export function rewrite(text: string, actual: { at: [number, number]; lines: string[] }[]): string {
  const lines = text.split('\n');
  for (const { at, lines: replacement } of [...actual].sort((a, b) => b.at[0] - a.at[0])) {
    lines.splice(at[0], at[1] - at[0], ...replacement);
  }
  return lines.join('\n');
}
