// An address that names something this page does not have (#example=nope, #lesson=nope,
// #hello-world): the page opens the welcome run as before, and says what was not found so the
// reader is not left wondering why they see welcome (issue #15 item 11). Unreadable share links
// (#v1.…) are LinkProblem's; this is only for the plain parameters.
import type { ParsedRoute } from '../route/route.ts';

export interface NotFound {
  kind: 'example' | 'lesson' | 'address';
  /** What the address asked for, as it asked (clipped: an address can be any length). */
  asked: string;
}

const MAX_CHARS = 80;

const clip = (s: string) => (s.length > MAX_CHARS ? `${s.slice(0, MAX_CHARS)}…` : s);

export function notFound(
  { route, problems }: ParsedRoute,
  exampleIds: readonly string[],
  lessonIds: readonly string[],
): NotFound | null {
  const address = problems.find((p) => p.kind === 'address');
  if (address) return { kind: 'address', asked: address.asked };
  const { open } = route;
  if (open.kind === 'lesson' && !lessonIds.includes(open.id)) return { kind: 'lesson', asked: clip(open.id) };
  if (open.kind === 'example' && !exampleIds.includes(open.id))
    return { kind: 'example', asked: clip(open.id) };
  return null;
}
