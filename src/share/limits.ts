// How long a link may be. Lengths count the whole URL hash, '#' included.
//
// Soft limit: 2,000 characters, the length past which some tools have long been known to cut or
// refuse URLs (older browsers, some chat and mail clients, sitemaps); such a link is still made,
// with a warning. Hard cap: 8,000, well inside what current browsers and servers accept for a
// whole URL; nothing longer is made or read, and the page offers a .json download instead.
// The cap may grow in a later version but must never shrink: every link once made stays readable.
import type { LinkError } from './link-error.ts';

export const LINK_SOFT_LIMIT = 2000;
export const LINK_HARD_CAP = 8000;

export type LinkFit =
  /** `long`: over the soft limit; it works here, but some tools may cut it. */
  | { fits: true; hash: string; length: number; long: boolean }
  | { fits: false; reason: 'too-long'; length: number; message: string }
  | { fits: false; reason: 'invalid'; error: LinkError };

/** The verdict on a hash ('#v1.…') already made. */
export function fitOfHash(hash: string): LinkFit {
  const length = hash.length;
  if (length > LINK_HARD_CAP) {
    return {
      fits: false,
      reason: 'too-long',
      length,
      message: `the link would be ${length} characters, over the ${LINK_HARD_CAP} that links may have: download the scenario as .json instead`,
    };
  }
  return { fits: true, hash, length, long: length > LINK_SOFT_LIMIT };
}
