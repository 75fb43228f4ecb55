// One colour-blind-safe palette (Okabe & Ito, "Color Universal Design") used the same way in every
// view: a server role, a message kind or a client always has the same colour wherever it appears,
// and colour is never the only cue (roles, kinds and clients are also labelled).
import type { ServerRole } from '../../sim/view/types.ts';

export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
  grey: '#8C8C8C',
} as const;

const O = OKABE_ITO;

/** Fill of a server by role; LOOKING is yellow like the election messages it sends. */
export const ROLE_COLOR: Record<ServerRole, string> = {
  LEADING: O.orange,
  FOLLOWING: O.blue,
  LOOKING: O.yellow,
  OBSERVING: O.skyBlue,
  STANDALONE: O.bluishGreen,
};

/** Text drawn on a role's fill: dark on the light fills, white on the dark ones. */
export const ROLE_INK: Record<ServerRole, string> = {
  LEADING: '#000000',
  FOLLOWING: '#ffffff',
  LOOKING: '#000000',
  OBSERVING: '#000000',
  STANDALONE: '#ffffff',
};

/** A crashed server: grey, whatever its last role. */
export const DOWN_COLOR = O.grey;
/** Text on DOWN_COLOR: black is 6.2:1 on that grey, white only 3.4:1 (issue #15 item 12). */
export const DOWN_INK = '#000000';
/** Checker violations and other alarms. */
export const ALARM_COLOR = O.vermillion;

export type MessageKind = 'election' | 'sync' | 'broadcast' | 'ping' | 'client' | 'watch' | 'other';

export const MESSAGE_COLOR: Record<MessageKind, string> = {
  election: O.yellow,
  sync: O.skyBlue,
  broadcast: O.blue,
  ping: O.grey,
  client: O.reddishPurple,
  watch: O.bluishGreen,
  other: O.black,
};

/**
 * Clients get the palette in this order (purple, green, sky blue, vermillion, …); the same client
 * keeps its colour in the ring, the tree (ephemeral owners, watch badges) and the lock view.
 */
const CLIENT_COLORS = [O.reddishPurple, O.bluishGreen, O.skyBlue, O.vermillion, O.orange, O.blue, O.yellow];

export function clientColor(index: number): string {
  return CLIENT_COLORS[((index % CLIENT_COLORS.length) + CLIENT_COLORS.length) % CLIENT_COLORS.length]!;
}

/** Text on a client colour. */
export function clientInk(color: string): string {
  return color === O.blue || color === O.vermillion || color === O.bluishGreen ? '#ffffff' : '#000000';
}
