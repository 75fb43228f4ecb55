// A node described as plain data — what a Web Worker needs to build the same state machine the
// in-process world builds. simulation.ts makes the specs; buildNode turns one into a node.

import { LuaClient, type PreparedVm } from './client/lua-client.ts';
import { ProgramClient } from './client/program-client.ts';
import type { StepAction } from './client/program-steps.ts';
import type { RngStream } from './kernel/rng.ts';
import type { SimNode } from './kernel/types.ts';
import type { ZkMessage } from './messages.ts';
import type { ProtocolBug } from './server/quorum/bugs.ts';
import type { ServerConfig } from './server/server-config.ts';
import { startServer } from './server/server-main.ts';

export type ServerSpec = {
  kind: 'server';
  id: string;
  config: Omit<ServerConfig, 'addressOf' | 'bugs'> & { bugs: ProtocolBug[] };
  /** Network address of every node, for `ip` ACLs. */
  addresses: Record<string, string>;
};

export type ClientSpec = {
  kind: 'client';
  id: string;
  session: { name: string; hosts: string[]; sessionTimeout: number; randomizeHosts?: boolean };
  program: StepAction[];
  /** The Lua script of this incarnation; absent for a JSON program client. */
  script?: string;
};

export type NodeSpec = ServerSpec | ClientSpec;

/** The node a spec describes; a Lua client needs its VM (prepared asynchronously beforehand). */
export function buildNode(spec: NodeSpec, rng: RngStream, vm?: PreparedVm): SimNode<ZkMessage> {
  if (spec.kind === 'server') {
    const { addresses } = spec;
    return startServer(spec.id, {
      ...spec.config,
      bugs: new Set(spec.config.bugs),
      addressOf: (peer) => addresses[peer] ?? '0.0.0.0',
    });
  }
  if (spec.script === undefined)
    return new ProgramClient(spec.id, { ...spec.session, program: spec.program }, rng);
  if (!vm)
    throw new Error(`client '${spec.id}' has a Lua script: prepare its VMs with LuaPool.prepare first`);
  return new LuaClient(spec.id, { ...spec.session, script: spec.script }, rng, vm);
}
