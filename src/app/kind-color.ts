// A stable colour per event family (the part of `kind` before the first dot), so that server,
// client and network events can be told apart at a glance on a projector. Red is for alarms only:
// injected faults, a node that failed, a script that failed, a checker violation.
const ALARM = '#c0262d';

const FAMILY: Record<string, string> = {
  server: '#1f5fbf',
  client: '#17803d',
  session: '#a35200',
  net: '#5b6270',
  msg: '#5b6270',
  election: '#7a3db8',
  zab: '#7a3db8',
  fault: ALARM,
  node: '#9c2a6b',
  txn: '#7a3db8',
  timer: '#5b6270',
  disk: '#8a6d00',
  watch: '#0f7c86',
  lua: '#0f7c86',
  check: '#222222',
  run: '#222222',
};

/** Kinds that are alarms although their family is not. */
const ALARM_KINDS = new Set(['lua.error', 'node.fail', 'check.violation']);

/** For families nobody listed: any colour but the alarm's. */
const SPARE = ['#1f5fbf', '#17803d', '#a35200', '#7a3db8', '#0f7c86', '#8a6d00'];

export function kindFamily(kind: string): string {
  const dot = kind.indexOf('.');
  return dot < 0 ? kind : kind.slice(0, dot);
}

export function isAlarmKind(kind: string): boolean {
  return ALARM_KINDS.has(kind) || kindFamily(kind) === 'fault';
}

export function kindColor(kind: string): string {
  if (isAlarmKind(kind)) return ALARM;
  const family = kindFamily(kind);
  const known = FAMILY[family];
  if (known !== undefined) return known;
  let h = 0;
  for (let i = 0; i < family.length; i++) h = (h * 31 + family.charCodeAt(i)) >>> 0;
  return SPARE[h % SPARE.length]!;
}
