// An address that names something this page does not have (#example=nope, #lesson=nope,
// #hello-world): the page opens the welcome run as before, and says what was not found so the
// reader is not left wondering why they see welcome (issue #15 item 11). Unreadable share links
// (#v1.…) are LinkProblem's; this is only for the plain parameters.

export interface NotFound {
  kind: 'example' | 'lesson' | 'address';
  /** What the address asked for, as it asked (clipped: an address can be any length). */
  asked: string;
}

/** Parameters the page reads from its hash (App.svelte, src/lessons/links.ts, src/app/i18n). */
const KNOWN = new Set(['example', 'lesson', 'step', 'lang', 'embed', 'mode']);
const LINK_HASH = /^#?v\d+\./;
const MAX_CHARS = 80;

const clip = (s: string) => (s.length > MAX_CHARS ? `${s.slice(0, MAX_CHARS)}…` : s);

export function notFound(
  hash: string,
  exampleIds: readonly string[],
  lessonIds: readonly string[],
): NotFound | null {
  const text = hash.replace(/^#/, '');
  if (text === '' || LINK_HASH.test(text)) return null;
  const params = new URLSearchParams(text);
  const lesson = params.get('lesson');
  if (lesson !== null) return lessonIds.includes(lesson) ? null : { kind: 'lesson', asked: clip(lesson) };
  const example = params.get('example');
  if (example !== null)
    return exampleIds.includes(example) ? null : { kind: 'example', asked: clip(example) };
  if ([...params.keys()].some((k) => KNOWN.has(k))) return null;
  return { kind: 'address', asked: clip(decodeURIComponentSafe(text)) };
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
