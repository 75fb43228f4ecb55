// A client's picture (LuaClient#view, ProgramClient#view through worldView, docs/views.md) taken
// while real scenarios run: its session and state, the server it is connected to, the zk call its
// script is blocked in and the client.lua line it is at, and how the script ended.
import { afterEach, describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/sim/scenario-types.ts';
import { hex } from '../../src/sim/trace/canonical.ts';
import type { TraceEvent } from '../../src/sim/trace/event.ts';
import type { ClientView } from '../../src/sim/view/types.ts';
import { example, scenario, start, type ViewRun } from '../support/views.ts';

let run: ViewRun | null = null;
afterEach(() => {
  run?.close();
  run = null;
});

async function begin(s: Scenario): Promise<ViewRun> {
  run = await start(s);
  return run;
}

/** One Lua client `c` against a standalone server. */
const luaClient = (script: string, extra: Record<string, unknown> = {}) =>
  scenario({ servers: { count: 1, tickTime: 500 }, clients: [{ name: 'c', script, ...extra }] });

const lua = (...lines: string[]) => `${lines.join('\n')}\n`;

function sessionOf(events: readonly TraceEvent[], client: string): string {
  const e = events.find((x) => x.kind === 'client.session' && x.client === client);
  return hex(e!.session as bigint);
}

/** What the client was blocked in after each event that changed it (op, path, line), deduplicated. */
function waits(r: ViewRun, client: string, until: number): string[] {
  const out: string[] = [];
  r.stepUntil(() => {
    const v = r.client(client);
    const w = v.waitingOn ? `${v.waitingOn.op} ${v.waitingOn.path ?? '-'} @${v.line}` : 'none';
    if (out.at(-1) !== w) out.push(w);
    return r.sim.now >= until;
  });
  return out;
}

describe('a Lua client in the lock recipe', () => {
  it('waits in exists on its predecessor, then in wait_event, at the client.lua line of acquire', async () => {
    const r = await begin(example('recipes/lock.json'));
    const seen = waits(r, 'c2', 5000);
    const events = r.sim.trace.events;
    const marks = events.filter(
      (e) => e.kind === 'lua.mark' && e.client === 'c2' && e.name === 'lock.waiting',
    );
    const watch = (marks[0]!.fields as { watch: string }).watch;
    // client.lua line 3 is `assert(l:acquire())`: the zk calls are made inside the lock module.
    const at = seen.indexOf(`exists ${watch} @3`);
    expect(at).toBeGreaterThan(0);
    expect(seen[at + 1]).toBe('wait_event - @3');
    expect(seen[0]).toBe('none');
    // The lock creates its own node at once (the parent only when that answers NoNode).
    expect(seen[1]).toMatch(/^create \/lock\/[0-9a-f]+__lock__ @3$/);
    // then l:hold(1000) (line 4), l:release() deletes (line 5), zk.sleep(1500) (line 6)
    expect(seen).toContain('wait_event - @4');
    expect(seen.filter((w) => w.startsWith('delete ')).map((w) => w.slice(-2))).toEqual(['@5']);
    expect(seen).toContain('sleep - @6');
    // The predecessor it watched is the node c1 queued with.
    const c1 = events.find((e) => e.kind === 'lua.mark' && e.client === 'c1' && e.name === 'lock.queued')!;
    expect(watch).toBe((c1.fields as { node: string }).node);
  });

  it('before its start a client is down and not started; after its start, started', async () => {
    const r = await begin(example('recipes/lock.json'));
    r.sim.runUntil(1_000); // c1 starts at 1500
    expect(r.client('c1')).toMatchObject({ up: false, started: false, state: 'NOT_STARTED' });
    r.sim.runUntil(1_600);
    expect(r.client('c1')).toMatchObject({ up: true, started: true });
  });

  it('the crashed holder is down; its node stays, owned by its session, until expiry wakes c2', async () => {
    const r = await begin(example('recipes/lock.json'));
    r.sim.runUntil(6100); // c1 crashes at 6000 holding the lock
    const events = r.sim.trace.events;
    const c1 = sessionOf(events, 'c1');
    expect(r.client('c1')).toEqual({
      node: 'c1',
      up: false,
      paused: false,
      started: true,
      session: null,
      state: 'NOT_STARTED',
      server: null,
      waitingOn: null,
      line: null,
      script: 'none',
      error: null,
      timers: [],
    });
    const waiting = events.filter(
      (e) => e.kind === 'lua.mark' && e.client === 'c2' && e.name === 'lock.waiting',
    );
    const watch = (waiting.at(-1)!.fields as { watch: string }).watch;
    // c2 is in its second acquire (client.lua line 7), watching c1's node.
    expect(r.client('c2')).toMatchObject({ waitingOn: { op: 'wait_event', path: null }, line: 7 });
    for (const s of r.view().servers) {
      const held = s.tree.find((n) => n.path === watch)!;
      expect(held).toMatchObject({ kind: 'ephemeral', sequential: true, data: 'c1' });
      expect(held.stat.ephemeralOwner).toBe(c1);
      expect(s.sessions.map((x) => x.session)).toContain(c1);
    }
    const expired = () => events.some((e) => e.kind === 'server.session' && e.op === 'expire');
    expect(r.stepUntil(expired)).toBe(true);
    r.sim.runUntil(r.sim.now + 100);
    for (const s of r.view().servers) {
      expect(s.tree.find((n) => n.path === watch)).toBeUndefined();
      expect(s.sessions.map((x) => x.session)).not.toContain(c1);
    }
  });

  it('ends done, waiting on nothing, with the session it had all along', async () => {
    const r = await begin(example('recipes/lock.json'));
    r.sim.runUntil(r.scenario.duration);
    const events = r.sim.trace.events;
    expect(events.some((e) => e.kind === 'lua.done' && e.client === 'c2')).toBe(true);
    const c2 = r.client('c2');
    expect(c2).toMatchObject({
      up: true,
      session: sessionOf(events, 'c2'),
      state: 'CONNECTED',
      waitingOn: null,
      line: null,
      script: 'done',
      error: null,
    });
    const connected = events.filter((e) => e.kind === 'client.session' && e.client === 'c2').at(-1)!;
    expect(c2.server).toBe(`zk${connected.server}`);
  });
});

describe('Lua scripts', () => {
  it('a sleeping script is at the line of its zk.sleep', async () => {
    const r = await begin(luaClient(lua('zk.create("/a", "x")', '', 'zk.sleep(1000)', 'zk.get("/a")')));
    r.sim.runUntil(500);
    expect(r.client('c')).toMatchObject({
      state: 'CONNECTED',
      server: 'zk1',
      waitingOn: { op: 'sleep', path: null },
      line: 3,
      script: 'running',
    });
  });

  it('a failed script shows error and the message lua.error traced', async () => {
    const r = await begin(luaClient(lua('zk.create("/a")', 'local t = nil', 'print(t.x)')));
    r.sim.runUntil(2000);
    const e = r.sim.trace.events.find((x) => x.kind === 'lua.error')!;
    expect(e.message).toMatch(/^client\.lua:3: attempt to index a nil value/);
    expect(r.client('c')).toMatchObject({ script: 'error', error: e.message, waitingOn: null, line: null });
  });

  it('a syntax error is an error before anything runs', async () => {
    const r = await begin(luaClient('zk.create("/a"\n'));
    r.sim.runUntil(2000);
    const c = r.client('c');
    expect(c.script).toBe('error');
    expect(c.error).toMatch(/^client\.lua:\d+: /);
  });

  it('once the main script is done, a watch callback that waits is what the picture shows', async () => {
    const r = await begin(
      luaClient(lua('zk.create("/w")', 'zk.get("/w", function(ev) zk.sleep(5000) end)', 'zk.set("/w", "x")')),
    );
    r.sim.runUntil(1000);
    expect(r.sim.trace.events.some((e) => e.kind === 'lua.done' && e.client === 'c')).toBe(true);
    expect(r.client('c')).toMatchObject({ script: 'done', waitingOn: { op: 'sleep', path: null }, line: 2 });
    r.sim.runUntil(10_000);
    expect(r.client('c')).toMatchObject({ script: 'done', waitingOn: null, line: null });
  });

  it('a zk.close ends in CLOSED', async () => {
    const r = await begin(luaClient(lua('zk.create("/a")', 'zk.close()', 'zk.sleep(1000)')));
    r.sim.runUntil(500);
    expect(r.client('c')).toMatchObject({
      state: 'CLOSED',
      server: null,
      waitingOn: { op: 'sleep' },
      line: 3,
    });
    expect(r.client('c').session).toBe(sessionOf(r.sim.trace.events, 'c'));
  });
});

describe('program clients', () => {
  it('show the request in flight, the sleep, and the reconnect after the leader crashed', async () => {
    const r = await begin(example('ensemble-failover.json'));
    const events = r.sim.trace.events;
    expect(r.stepUntil(() => events.some((e) => e.kind === 'client.request' && e.client === 'a'))).toBe(true);
    const a: ClientView = r.client('a');
    expect(a).toMatchObject({ waitingOn: { op: 'create', path: '/x' }, line: null, script: 'running' });
    r.sim.runUntil(3000);
    const session = sessionOf(events, 'a');
    expect(r.client('a')).toMatchObject({
      session,
      state: 'CONNECTED',
      server: 'zk3',
      waitingOn: { op: 'sleep', path: null },
    });
    r.sim.runUntil(4100); // zk3 crashed at 4000
    expect(r.client('a')).toMatchObject({ session, state: 'CONNECTING', server: null });
    r.sim.runUntil(20_000);
    const moved = events.filter((e) => e.kind === 'client.session' && e.client === 'a').at(-1)!;
    expect(moved.moved).toBe(true);
    expect(r.client('a')).toMatchObject({ session, state: 'CONNECTED', server: `zk${moved.server}` });
  });

  it('a client whose session the ensemble expired is EXPIRED, its program done after close', async () => {
    const r = await begin(
      scenario({
        servers: { count: 1, tickTime: 500 },
        network: { detectMs: 500 },
        clients: [
          {
            name: 'c',
            sessionTimeout: 2000,
            program: [{ op: 'create', path: '/a' }, { op: 'sleep', ms: 10_000 }, { op: 'close' }],
          },
        ],
        faults: [
          { at: 1000, action: 'partition', groups: [['c'], ['zk1']] },
          { at: 6000, action: 'heal' },
        ],
      }),
    );
    r.sim.runUntil(9000);
    const events = r.sim.trace.events;
    expect(events.some((e) => e.kind === 'client.session' && e.client === 'c' && e.state === 'Expired')).toBe(
      true,
    );
    expect(r.client('c')).toMatchObject({
      session: sessionOf(events, 'c'),
      state: 'EXPIRED',
      server: null,
      waitingOn: { op: 'sleep', path: null },
      script: 'running',
    });
    r.sim.runUntil(r.scenario.duration);
    expect(r.client('c')).toMatchObject({ state: 'EXPIRED', waitingOn: null, script: 'done' });
  });

  it('a client that has not started yet is down with no session', async () => {
    const r = await begin(example('session-expiry.json'));
    r.sim.runUntil(500); // watcher starts at 1000
    expect(r.client('watcher')).toMatchObject({ up: false, state: 'NOT_STARTED', session: null });
    expect(r.client('holder')).toMatchObject({ up: true, state: 'CONNECTED', server: 'zk1' });
  });
});
