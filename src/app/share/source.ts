// What the page opens, from its route (route/route.ts): a shared link decoded, a shipped example,
// or — for a link that cannot be read — the welcome run and the reason.
import { decodeLink, type LinkError } from '../../share/link.ts';
import type { LinkDocument } from '../../share/link-document.ts';
import type { Open } from '../route/route.ts';

export type Source =
  | { kind: 'example'; id: string }
  | { kind: 'link'; doc: LinkDocument }
  | { kind: 'bad-link'; error: LinkError; text: string; fallback: string };

export const WELCOME = 'welcome';

/**
 * The run a route opens. An example this page does not have opens the welcome run (not-found.ts
 * says so); a lesson opens its scenario.
 */
export function sourceOf(open: Open, exampleIds: readonly string[], lessonScenario?: string): Source {
  switch (open.kind) {
    case 'link': {
      const decoded = decodeLink(open.link);
      if (decoded.ok) return { kind: 'link', doc: decoded.doc };
      return { kind: 'bad-link', error: decoded.error, text: open.link, fallback: WELCOME };
    }
    case 'example':
      return { kind: 'example', id: exampleIds.includes(open.id) ? open.id : WELCOME };
    case 'lesson':
      return { kind: 'example', id: lessonScenario ?? WELCOME };
    case 'welcome':
      return { kind: 'example', id: WELCOME };
  }
}

/** Where the run should open: the link's viewed time, if it has one. */
export function startTime(source: Source): number | null {
  return source.kind === 'link' ? (source.doc.view?.t ?? null) : null;
}
