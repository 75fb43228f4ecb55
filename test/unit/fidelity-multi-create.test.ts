// Issue #12 item 7: inside a multi, a plain create (OpCode.create, what Op.create sends for the
// persistent/ephemeral/sequential modes) answers with the path only (CreateResponse); container and
// TTL creates (createContainer, createTTL) answer with the path and the Stat (Create2Response).
import { describe, expect, it } from 'vitest';
import { logsOf, simulateLua } from '../support/lua-run.ts';
import { replies } from '../support/run.ts';

const SCRIPT = `
local r = zk.multi({
  { op = "create", path = "/a", data = "x" },
  { op = "create", path = "/a/s-", opts = { sequential = true, ephemeral = true } },
  { op = "create", path = "/box", opts = { container = true } },
  { op = "create", path = "/t", opts = { ttl = 5000 } },
})
for _, x in ipairs(r) do print(x.op, x.path, x.stat and x.stat.czxid == r[3].stat.czxid) end
`;

describe('fidelity: create inside multi (issue #12 item 7)', () => {
  it('a plain create returns only its path; container and TTL creates their Stat too', async () => {
    const { events } = await simulateLua({
      servers: { extendedTypes: true },
      clients: [{ name: 'c', script: SCRIPT }],
    });
    expect(logsOf(events)).toEqual([
      'create\t/a\tnil',
      'create\t/a/s-0000000000\tnil',
      'create\t/box\ttrue',
      'create\t/t\ttrue',
    ]);
    // The trace's reply has the same shape.
    const multi = replies(events, 'c').find((e) => e.op === 'multi');
    expect(multi?.result?.results?.map((x) => ('stat' in x ? 'stat' : 'path only'))).toEqual([
      'path only',
      'path only',
      'stat',
      'stat',
    ]);
  });
});
