// The Lua example scenarios (examples/lua-*.json): each runs to its end without a Lua error, passes
// the safety checker (as `npm run sim -- <file> --check` does), and tells the story it describes.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenarioJson } from '../../src/scenario/validate.ts';
import { checkRun, liveServers } from '../../src/sim/check/index.ts';
import type { TraceEvent } from '../../src/sim/trace/event.ts';
import { finished, type LuaRun, logsOf, luaErrors, runScenario } from '../support/lua-run.ts';
import { ofKind } from '../support/run.ts';

const EXAMPLES = join(import.meta.dirname, '../../examples');
const FILES = readdirSync(EXAMPLES).filter((f) => /^lua-.*\.json$/.test(f));

async function runExample(file: string): Promise<LuaRun> {
  const parsed = parseScenarioJson(readFileSync(join(EXAMPLES, file), 'utf8'));
  if (!parsed.ok) throw new Error(`${file}: ${JSON.stringify(parsed.errors)}`);
  return runScenario(parsed.scenario);
}

const marks = (events: readonly TraceEvent[], client: string, name: string) =>
  ofKind(events, 'lua.mark', client).filter((e) => e.name === name);

describe('examples/lua-*.json', () => {
  it('include the basics and the ensemble examples', () => {
    expect(FILES).toEqual(expect.arrayContaining(['lua-basics.json', 'lua-ensemble.json']));
  });

  it.each(FILES)(
    '%s: every client is a script that ends normally, and the checker finds nothing',
    async (file) => {
      const run = await runExample(file);
      expect(run.scenario.clients.every((c) => c.script !== undefined)).toBe(true);
      expect(luaErrors(run.events)).toEqual([]);
      for (const c of run.scenario.clients) expect(finished(run.events, c.name)).toBe(true);
      expect(checkRun(run.events, liveServers(run.sim))).toEqual([]);
    },
  );

  it('lua-basics: one server; versions, multi, both watch forms, a digest ACL, presence via an ephemeral', async () => {
    const { events, scenario } = await runExample('lua-basics.json');
    expect(scenario.servers.count).toBe(1);
    const app = logsOf(events, 'app');
    expect(app).toContain('stale set\tnil\tBadVersion');
    expect(app).toContain('multi\tnil\tBadVersion\tBadVersion\tRuntimeInconsistency');
    expect(app).toContain('config changed to\tcolor=green');
    expect(app).toContain('callback:\tNodeDataChanged\tcolor=red');
    expect(app).toContain('ops node\tnil\tNoAuth');
    expect(app.at(-1)).toBe('state\tCLOSED\tnil\tSessionExpired');
    expect(logsOf(events, 'ops')).toContain('presence:\tNodeDeleted\t/app/alive');
  });

  it('lua-ensemble: a leader crash; ConnectionLoss on a multi that committed, caught on retry; the total is 20', async () => {
    const { events, scenario } = await runExample('lua-ensemble.json');
    expect(scenario.servers.count).toBe(3);
    const crash = scenario.faults.find((f) => f.action === 'crash');
    const leaderBefore = ofKind(events, 'server.state').filter(
      (e) => e.state === 'LEADING' && e.t < crash!.at,
    );
    expect(crash && 'target' in crash ? crash.target : null).toBe(`zk${leaderBefore.at(-1)!.server}`);
    const w1 = logsOf(events, 'w1');
    expect(w1).toContain('5\tmulti failed with\tConnectionLoss\t- retrying');
    expect(w1).toContain('5\thad already happened: the attempt that failed with ConnectionLoss went through');
    expect(marks(events, 'w1', 'counter.increment')[4]!.fields).toEqual({
      n: 5,
      value: 'an earlier attempt',
    });
    expect(marks(events, 'observer', 'counter.final')[0]!.fields).toEqual({ value: 20, logged: 20 });
    // Every client kept its session across the election.
    for (const c of ['w1', 'w2', 'observer']) {
      const sessions = ofKind(events, 'client.session', c).filter((e) => e.state === 'SyncConnected');
      expect(sessions.length).toBeGreaterThan(1);
      expect(new Set(sessions.map((e) => e.session)).size).toBe(1);
    }
  });
});
