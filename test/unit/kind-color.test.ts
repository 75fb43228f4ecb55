// The event log's colours: red only for alarms (a fault, a node that failed, a script that failed,
// a violation), for every kind the trace has; the Lua marks, logs and ends are not alarms.
import { describe, expect, it } from 'vitest';
import { isAlarmKind, kindColor } from '../../src/app/kind-color.ts';
import { TRACE_FIELDS } from '../../src/sim/trace/kinds.ts';

const ALARM = kindColor('fault');

describe('event kind colours', () => {
  it('only alarms are red, over every traced kind', () => {
    const red = Object.keys(TRACE_FIELDS).filter((k) => kindColor(k) === ALARM);
    expect(red.sort()).toEqual(['check.violation', 'fault', 'lua.error', 'node.fail']);
    for (const k of red) expect(isAlarmKind(k)).toBe(true);
  });

  it('Lua marks, logs and a script that ended are not red; an unknown family is never red', () => {
    for (const k of ['lua.mark', 'lua.log', 'lua.done']) expect(kindColor(k)).not.toBe(ALARM);
    for (const family of ['abc', 'xyz', 'recipe', 'q', 'zzz', 'foo', 'bar'])
      expect(kindColor(`${family}.thing`)).not.toBe(ALARM);
  });
});
