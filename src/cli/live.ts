// `npm run sim -- scenario.json --live host:port[,host:port…][/chroot]`: the scenario's clients
// against a real ZooKeeper, in real time (src/live/live-run.ts). The trace has the simulator's
// client kinds, so `npm run diff` can set it beside a simulated run of the same scenario.

import { LiveRun, liveProblems } from '../live/live-run.ts';
import { TcpTransport } from '../live/tcp-transport.ts';
import { parseConnectString } from '../live/transport.ts';
import { nodeRecipeModules } from '../lua/recipes/load-node.ts';
import { nodeWasmSource } from '../lua/wasm-node.ts';
import { LuaPool, needsLua } from '../sim/lua-pool.ts';
import type { Scenario } from '../sim/scenario-types.ts';
import type { TraceEvent } from '../sim/trace/event.ts';
import { TraceRecorder } from '../sim/trace/recorder.ts';

export interface LiveCliResult {
  events: number;
  hash: string;
  end: string;
  /** Clients whose script died (lua.error). */
  failedScripts: string[];
}

/** The connect string, or the reasons the scenario cannot run live (bad input: exit 2). */
export function checkLive(scenario: Scenario, connect: string): { problems: string[]; servers: number } {
  let parsed: ReturnType<typeof parseConnectString>;
  try {
    parsed = parseConnectString(connect);
  } catch (e) {
    return { problems: [`--live: ${(e as Error).message}`], servers: 0 };
  }
  return { problems: liveProblems(scenario, parsed.servers.length), servers: parsed.servers.length };
}

export async function runLive(
  scenario: Scenario,
  connect: string,
  out: { trace?: (line: string) => void; event: (e: TraceEvent) => void },
): Promise<LiveCliResult> {
  const { servers, chroot } = parseConnectString(connect);
  const lua = needsLua(scenario)
    ? await LuaPool.lazy(scenario, nodeWasmSource(), nodeRecipeModules())
    : undefined;
  const recorder = new TraceRecorder();
  recorder.stream(out.trace);
  const failedScripts: string[] = [];
  recorder.onEvent((e) => {
    if (e.kind === 'lua.error') failedScripts.push(e.client);
    out.event(e);
  });
  try {
    const run = new LiveRun(scenario, {
      transport: new TcpTransport(servers),
      chroot,
      ...(lua ? { vm: (c: string) => lua.take(c) } : {}),
      onEvent: recorder.record,
    });
    const end = await run.run();
    return { events: recorder.length, hash: recorder.hash(), end, failedScripts };
  } finally {
    lua?.close();
  }
}
