// The fault palette: for what is selected, the faults that apply, each one click away (the second
// click; the first picked the target). Every action is a RunControl.inject of a scenario fault at
// the cursor (src/scenario/types.ts).
import type { FaultNow } from '../../conductor/run-control.ts';
import type { WorldView } from '../../sim/view/types.ts';
import type { NetworkState } from '../views/cluster/network-state.ts';
import { connected, linkKey } from '../views/cluster/network-state.ts';
import type { Selection } from './selection.ts';

export interface FaultAction {
  id: string;
  label: string;
  /** Says what will happen, for the tooltip and screen readers. */
  hint: string;
  fault: FaultNow;
  danger?: boolean;
}

export const SKEW_MS = 5000;
export const DELAY_MS = 500;
export const DROP_RATE = 0.3;

export function faultActions(sel: Selection, view: WorldView, net: NetworkState): FaultAction[] {
  if (sel === null) return [];
  if (sel.kind === 'server' || sel.kind === 'client') return nodeActions(sel.node, sel.kind, view, net);
  if (sel.kind === 'link') return linkActions(sel.from, sel.to, net);
  return [];
}

function nodeActions(node: string, kind: 'server' | 'client', view: WorldView, net: NetworkState) {
  const picture =
    kind === 'server' ? view.servers.find((s) => s.node === node) : view.clients.find((c) => c.node === node);
  if (!picture) return [];
  const out: FaultAction[] = [];
  if (!picture.up) {
    out.push({
      id: 'restart',
      label: 'Restart',
      hint: `start ${node} again`,
      fault: { action: 'restart', target: node },
    });
    return out;
  }
  out.push({
    id: 'crash',
    label: 'Crash',
    hint: `${node} crashes: loses what it did not fsync`,
    fault: { action: 'crash', target: node },
    danger: true,
  });
  out.push(
    picture.paused
      ? { id: 'resume', label: 'Resume', hint: `${node} resumes`, fault: { action: 'resume', target: node } }
      : {
          id: 'pause',
          label: 'Pause',
          hint: `${node} stalls (a long GC pause)`,
          fault: { action: 'pause', target: node },
        },
  );
  if (kind === 'server') {
    const others = view.servers.map((s) => s.node).filter((n) => n !== node);
    const isolated = net.groups?.some((g) => g.length === 1 && g[0] === node) ?? false;
    if (!isolated)
      out.push({
        id: 'isolate',
        label: 'Isolate',
        hint: `partition ${node} away from ${others.join(', ')} (its clients stay with the others)`,
        fault: { action: 'partition', groups: [[node], others] },
      });
  }
  const session = kind === 'client' ? view.clients.find((c) => c.node === node)?.session : null;
  if (session)
    out.push({
      id: 'expire',
      label: 'Expire session',
      hint: `the ensemble expires ${node}'s session ${session} now: its ephemeral nodes go, its watches end`,
      fault: { action: 'expire', target: node },
      danger: true,
    });
  out.push({
    id: 'skew',
    label: `Clock +${SKEW_MS / 1000} s`,
    hint: `${node}'s clock runs ${SKEW_MS / 1000} s ahead`,
    fault: { action: 'skew', target: node, ms: SKEW_MS },
  });
  return out;
}

function linkActions(a: string, b: string, net: NetworkState): FaultAction[] {
  const out: FaultAction[] = [];
  const slow = net.links.get(linkKey(a, b))?.delay || net.links.get(linkKey(b, a))?.delay;
  const lossy = net.links.get(linkKey(a, b))?.drop || net.links.get(linkKey(b, a))?.drop;
  const cut = net.cuts.has(linkKey(a, b)) || net.cuts.has(linkKey(b, a));
  if (!cut && connected(net, a, b))
    out.push({
      id: 'cut',
      label: 'Cut',
      hint: `no packet goes between ${a} and ${b}`,
      fault: { action: 'cut', from: a, to: b },
      danger: true,
    });
  if (cut)
    out.push({
      id: 'uncut',
      label: 'Reconnect',
      hint: `${a} → ${b} carries packets again`,
      fault: { action: 'uncut', from: a, to: b },
    });
  out.push(
    slow
      ? {
          id: 'undelay',
          label: 'No delay',
          hint: `${a} → ${b} at normal latency`,
          fault: { action: 'delay', from: a, to: b, ms: 0 },
        }
      : {
          id: 'delay',
          label: `Delay +${DELAY_MS} ms`,
          hint: `every packet ${a} → ${b} takes ${DELAY_MS} ms longer`,
          fault: { action: 'delay', from: a, to: b, ms: DELAY_MS },
        },
  );
  out.push(
    lossy
      ? {
          id: 'undrop',
          label: 'No drops',
          hint: `${a} → ${b} loses nothing`,
          fault: { action: 'drop', from: a, to: b, rate: 0 },
        }
      : {
          id: 'drop',
          label: `Drop ${DROP_RATE * 100}%`,
          hint: `${DROP_RATE * 100}% of packets ${a} → ${b} are lost (the connection breaks)`,
          fault: { action: 'drop', from: a, to: b, rate: DROP_RATE },
        },
  );
  return out;
}

/** One click whatever is selected: heal a partition. */
export function healAction(net: NetworkState): FaultAction | null {
  if (net.groups === null && net.cuts.size === 0) return null;
  return {
    id: 'heal',
    label: 'Heal network',
    hint: 'end the partition and every cut',
    fault: { action: 'heal' },
  };
}
