// clientOwnView: a client's picture is the last one while nothing in it changed, and a new one with
// the change when any of its fields moved (a picture kept too long would show a client stuck).
import { describe, expect, it } from 'vitest';
import type { ClientSession } from '../../src/sim/client/client-session.ts';
import { clientOwnView } from '../../src/sim/view/client-view.ts';

type Fake = Pick<ClientSession, 'session' | 'state' | 'expired' | 'connectedTo'>;
const session = (f: Partial<Fake>): ClientSession =>
  ({
    session: 0x10n,
    state: 'CONNECTED',
    expired: false,
    connectedTo: 'zk1',
    ...f,
  }) as unknown as ClientSession;

describe('clientOwnView', () => {
  const s = session({});
  const base = clientOwnView('c1', s, { op: 'get', path: '/a' }, 3, 'running', null, undefined);

  it('draws every field, and gives the last picture back while nothing changed', () => {
    expect(base).toEqual({
      node: 'c1',
      session: '0x10',
      state: 'CONNECTED',
      server: 'zk1',
      waitingOn: { op: 'get', path: '/a' },
      line: 3,
      script: 'running',
      error: null,
    });
    expect(clientOwnView('c1', session({}), { op: 'get', path: '/a' }, 3, 'running', null, base)).toBe(base);
  });

  it('draws a new picture when any one field moved', () => {
    const get = { op: 'get', path: '/a' };
    // Each case: what moved, and the picture's fields after it (session, state, server, waitingOn, line, script, error).
    const cases: [ClientSession, typeof get | null, number, 'running' | 'error', string | null, unknown[]][] =
      [
        [
          session({ session: 0x11n }),
          get,
          3,
          'running',
          null,
          ['0x11', 'CONNECTED', 'zk1', get, 3, 'running', null],
        ],
        [
          session({ state: 'CONNECTING' }),
          get,
          3,
          'running',
          null,
          ['0x10', 'CONNECTING', 'zk1', get, 3, 'running', null],
        ],
        [
          session({ state: 'CLOSED', expired: true }),
          get,
          3,
          'running',
          null,
          ['0x10', 'EXPIRED', 'zk1', get, 3, 'running', null],
        ],
        [
          session({ connectedTo: 'zk2' }),
          get,
          3,
          'running',
          null,
          ['0x10', 'CONNECTED', 'zk2', get, 3, 'running', null],
        ],
        [
          s,
          { op: 'get', path: '/b' },
          3,
          'running',
          null,
          ['0x10', 'CONNECTED', 'zk1', { op: 'get', path: '/b' }, 3, 'running', null],
        ],
        [
          s,
          { op: 'exists', path: '/a' },
          3,
          'running',
          null,
          ['0x10', 'CONNECTED', 'zk1', { op: 'exists', path: '/a' }, 3, 'running', null],
        ],
        [s, null, 3, 'running', null, ['0x10', 'CONNECTED', 'zk1', null, 3, 'running', null]],
        [s, get, 4, 'running', null, ['0x10', 'CONNECTED', 'zk1', get, 4, 'running', null]],
        [s, get, 3, 'error', 'boom', ['0x10', 'CONNECTED', 'zk1', get, 3, 'error', 'boom']],
      ];
    for (const [at, waiting, line, script, error, fields] of cases) {
      const c = clientOwnView('c1', at, waiting, line, script, error, base);
      expect(c).not.toBe(base);
      expect([c.session, c.state, c.server, c.waitingOn, c.line, c.script, c.error]).toEqual(fields);
    }
  });
});
