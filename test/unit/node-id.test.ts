import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isServerNodeId, serverNodeId, sidOfNodeId } from '../../src/sim/node-id.ts';

describe('server node ids', () => {
  it('names server sid as zk<sid> and parses it back', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (sid) => {
        expect(serverNodeId(sid)).toBe(`zk${sid}`);
        expect(sidOfNodeId(serverNodeId(sid))).toBe(sid);
      }),
    );
  });

  it('refuses names that are not exactly zk<sid>', () => {
    for (const id of ['zk0', 'zk03', 'ZK3', 'zk', 'zk3a', ' zk3', 'alice', '', 3, null, undefined]) {
      expect(sidOfNodeId(id)).toBeNull();
      expect(isServerNodeId(id)).toBe(false);
    }
  });
});
