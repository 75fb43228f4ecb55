// The fault palette: for what is selected, the faults that apply, each one click away (the second
// click; the first picked the target). Every action is a RunControl.inject of a scenario fault at
// the cursor (src/sim/scenario-types.ts).
import type { FaultNow } from '../../conductor/run-control.ts';
import type { WorldView } from '../../sim/view/types.ts';
import { en, type Messages } from '../i18n/en.ts';
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

type Text = Messages['faults'];

/** `text`: the labels and hints in the page's language (English unless told). */
export function faultActions(
  sel: Selection,
  view: WorldView,
  net: NetworkState,
  text: Text = en.faults,
): FaultAction[] {
  if (sel === null) return [];
  if (sel.kind === 'server' || sel.kind === 'client') return nodeActions(sel.node, sel.kind, view, net, text);
  if (sel.kind === 'link') return linkActions(sel.from, sel.to, net, text);
  return [];
}

function nodeActions(
  node: string,
  kind: 'server' | 'client',
  view: WorldView,
  net: NetworkState,
  text: Text,
) {
  const picture =
    kind === 'server' ? view.servers.find((s) => s.node === node) : view.clients.find((c) => c.node === node);
  if (!picture) return [];
  const out: FaultAction[] = [];
  if (!picture.up) {
    out.push({
      id: 'restart',
      label: text.restart,
      hint: text.restartHint(node),
      fault: { action: 'restart', target: node },
    });
    return out;
  }
  out.push({
    id: 'crash',
    label: text.crash,
    hint: text.crashHint(node),
    fault: { action: 'crash', target: node },
    danger: true,
  });
  out.push(
    picture.paused
      ? {
          id: 'resume',
          label: text.resume,
          hint: text.resumeHint(node),
          fault: { action: 'resume', target: node },
        }
      : {
          id: 'pause',
          label: text.pause,
          hint: text.pauseHint(node),
          fault: { action: 'pause', target: node },
        },
  );
  if (kind === 'server') {
    const others = view.servers.map((s) => s.node).filter((n) => n !== node);
    const isolated = net.groups?.some((g) => g.length === 1 && g[0] === node) ?? false;
    if (!isolated)
      out.push({
        id: 'isolate',
        label: text.isolate,
        hint: text.isolateHint(node, others.join(', ')),
        fault: { action: 'partition', groups: isolateGroups(node, others, view) },
      });
  }
  const session = kind === 'client' ? view.clients.find((c) => c.node === node)?.session : null;
  if (session)
    out.push({
      id: 'expire',
      label: text.expire,
      hint: text.expireHint(node, session),
      fault: { action: 'expire', target: node },
      danger: true,
    });
  out.push({
    id: 'skew',
    label: text.skew(SKEW_MS / 1000),
    hint: text.skewHint(node, SKEW_MS / 1000),
    fault: { action: 'skew', target: node, ms: SKEW_MS },
  });
  return out;
}

/**
 * The sides of "isolate this server": the server alone, everyone else together. A partition puts
 * every node its groups do not list on a side of its own (docs/scenario.md), so the clients must
 * be named: they go with the other servers, the side that keeps a quorum, as a class expects when
 * one machine drops off the network (a client of the lost server reconnects to the others, as
 * ZooKeeper's ClientCnxn does after a ConnectionLoss).
 */
export function isolateGroups(node: string, others: string[], view: WorldView): string[][] {
  return [[node], [...others, ...view.clients.map((c) => c.node)]];
}

function linkActions(a: string, b: string, net: NetworkState, text: Text): FaultAction[] {
  const out: FaultAction[] = [];
  const slow = net.links.get(linkKey(a, b))?.delay || net.links.get(linkKey(b, a))?.delay;
  const lossy = net.links.get(linkKey(a, b))?.drop || net.links.get(linkKey(b, a))?.drop;
  const cut = net.cuts.has(linkKey(a, b)) || net.cuts.has(linkKey(b, a));
  if (!cut && connected(net, a, b))
    out.push({
      id: 'cut',
      label: text.cut,
      hint: text.cutHint(a, b),
      fault: { action: 'cut', from: a, to: b },
      danger: true,
    });
  if (cut)
    out.push({
      id: 'uncut',
      label: text.uncut,
      hint: text.uncutHint(a, b),
      fault: { action: 'uncut', from: a, to: b },
    });
  out.push(
    slow
      ? {
          id: 'undelay',
          label: text.undelay,
          hint: text.undelayHint(a, b),
          fault: { action: 'delay', from: a, to: b, ms: 0 },
        }
      : {
          id: 'delay',
          label: text.delay(DELAY_MS),
          hint: text.delayHint(a, b, DELAY_MS),
          fault: { action: 'delay', from: a, to: b, ms: DELAY_MS },
        },
  );
  out.push(
    lossy
      ? {
          id: 'undrop',
          label: text.undrop,
          hint: text.undropHint(a, b),
          fault: { action: 'drop', from: a, to: b, rate: 0 },
        }
      : {
          id: 'drop',
          label: text.drop(DROP_RATE * 100),
          hint: text.dropHint(a, b, DROP_RATE * 100),
          fault: { action: 'drop', from: a, to: b, rate: DROP_RATE },
        },
  );
  return out;
}

/** One click whatever is selected: heal a partition. */
export function healAction(net: NetworkState, text: Text = en.faults): FaultAction | null {
  if (net.groups === null && net.cuts.size === 0) return null;
  return {
    id: 'heal',
    label: text.heal,
    hint: text.healHint,
    fault: { action: 'heal' },
  };
}
