// Frames across the worker boundary. Every frame the conductor's worker posts is copied, so it
// sends only what changed since its previous frame: a node's picture when it is not the one it
// sent before, the scenario and the violations when they changed, servers' trees as changes
// (tree-updates.ts). The page puts each frame back together and keeps the objects of what did not
// change, so its views see an unchanged node as the very same object and do no work for it.
import type { Scenario } from '../sim/scenario-types.ts';
import type { ClientView, ServerView } from '../sim/view/types.ts';
import type { Frame, ViolationMark } from './run-control.ts';
import { TreeHolder } from './tree-updates.ts';

/** A frame as sent: null for a node whose picture is the one sent before; absent: unchanged. */
export interface WireFrame extends Omit<Frame, 'view' | 'scenario' | 'violations'> {
  view: { t: number; servers: (ServerView | null)[]; clients: (ClientView | null)[] };
  scenario?: Scenario;
  violations?: ViolationMark[];
}

/** The worker's side: one per listener, fed every frame in order. */
export class FrameSender {
  private readonly sent = new Map<string, ServerView | ClientView>();
  private scenario: Scenario | null = null;
  /** The violations list sent last and its length then (the conductor appends to it in place). */
  private violations: { list: ViolationMark[]; length: number } | null = null;

  wire(frame: Frame): WireFrame {
    const { view, scenario, violations, ...rest } = frame;
    const out: WireFrame = {
      ...rest,
      view: {
        t: view.t,
        servers: view.servers.map((s) => this.changed(s)),
        clients: view.clients.map((c) => this.changed(c)),
      },
    };
    if (scenario !== this.scenario) {
      out.scenario = scenario;
      this.scenario = scenario;
    }
    if (this.violations?.list !== violations || this.violations.length !== violations.length) {
      out.violations = violations;
      this.violations = { list: violations, length: violations.length };
    }
    return out;
  }

  private changed<V extends ServerView | ClientView>(v: V): V | null {
    if (this.sent.get(v.node) === v) return null;
    this.sent.set(v.node, v);
    return v;
  }
}

/** The page's side: whole frames again, unchanged nodes as the objects of the frame before. */
export class FrameReceiver {
  private readonly trees = new TreeHolder();
  private last: Frame | null = null;

  receive(wire: WireFrame): Frame {
    const last = this.last;
    const updated = this.trees.update(wire.trees ?? []);
    const { trees: _, view, scenario, violations, ...rest } = wire;
    const servers = view.servers.map((s, i) => {
      const before = last?.view.servers[i];
      if (s === null && before !== undefined && !updated.has(before.node)) return before;
      const picture = s ?? before;
      if (picture === undefined) throw new Error(`frame ${wire.from}: server ${i} was never sent`);
      return this.trees.withTree(picture);
    });
    const clients = view.clients.map((c, i) => {
      const kept = c ?? last?.view.clients[i];
      if (kept === undefined) throw new Error(`frame ${wire.from}: client ${i} was never sent`);
      return kept;
    });
    const frame: Frame = {
      ...rest,
      view: { t: view.t, servers, clients },
      scenario: scenario ?? last!.scenario,
      violations: violations ?? last!.violations,
    };
    this.last = frame;
    return frame;
  }
}
