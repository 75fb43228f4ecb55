// What the page opens, from its URL hash: a shared link (#v1.…), a shipped example
// (#example=<id>), or — for a link that cannot be read — the welcome run and the reason.
import { decodeLink, type LinkError } from '../../share/link.ts';
import type { LinkDocument } from '../../share/link-document.ts';

export type Source =
  | { kind: 'example'; id: string }
  | { kind: 'link'; doc: LinkDocument }
  | { kind: 'bad-link'; error: LinkError; text: string; fallback: string };

export const WELCOME = 'welcome';

const LINK_HASH = /^#?v\d+\./;

export function sourceFromHash(hash: string, exampleIds: readonly string[]): Source {
  if (LINK_HASH.test(hash)) {
    // Page options may follow a link (`&mode=in-process`); base64url has no '&'.
    const link = hash.replace(/^#/, '').split('&')[0]!;
    const decoded = decodeLink(link);
    if (decoded.ok) return { kind: 'link', doc: decoded.doc };
    return { kind: 'bad-link', error: decoded.error, text: link, fallback: WELCOME };
  }
  const id = new URLSearchParams(hash.replace(/^#/, '')).get('example');
  return { kind: 'example', id: id !== null && exampleIds.includes(id) ? id : WELCOME };
}

/** Where the run should open: the link's viewed time, if it has one. */
export function startTime(source: Source): number | null {
  return source.kind === 'link' ? (source.doc.view?.t ?? null) : null;
}
