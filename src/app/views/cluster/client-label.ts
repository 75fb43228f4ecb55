// What the ring writes under a client: its session's state as ZooKeeper names it (CONNECTED,
// SUSPENDED…), CRASHED or "not started" for a client that is down, and whether its script failed.
// The client's box and its label are drawn in different layers (ClientNode, ClientFacts), so both
// read it from here.
import type { ClientView } from '../../../sim/view/types.ts';
import { m } from '../../i18n/i18n.svelte.ts';

export interface ClientLabel {
  /** The state as data: ZooKeeper's state names, CRASHED, or "not started". */
  state: string;
  /**
   * A script that died leaves its session CONNECTED (the handle is still open, as a Java client's
   * would be after its thread died), so the ring says so beside the state (issue #15 item 7).
   */
  failed: boolean;
}

export function clientLabel(client: ClientView): ClientLabel {
  const state = !client.up
    ? client.started
      ? 'CRASHED'
      : 'not started'
    : client.state === 'NOT_STARTED'
      ? 'not started'
      : client.state;
  return { state, failed: client.up && client.script === 'error' };
}

/** The state as written on the page: ZooKeeper's states as they are, "not started" translated. */
export function shownState(label: ClientLabel): string {
  return label.state === 'not started' ? m().ring.notStarted : label.state;
}
