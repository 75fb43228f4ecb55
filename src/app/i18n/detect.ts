// Which language the page opens in, as plain functions (the store in i18n.svelte.ts applies them;
// unit tests call them without a browser). A `lang` parameter in the address wins (a teacher's
// link can force Chinese; route/route.ts reads it), then the reader's own choice remembered on
// this browser, then the browser's preferred languages.
import type { Lang } from '../../lessons/types.ts';

// One language type for the page and its lessons: a lesson's text is required in each (lessons/types.ts).
export type { Lang };

export const LANGUAGES = ['en', 'zh'] as const satisfies readonly Lang[];

/** Every Lang is listed: this fails to compile when lessons/types.ts gains a language missing here. */
const _everyLanguage: Exclude<Lang, (typeof LANGUAGES)[number]> extends never ? true : never = true;
void _everyLanguage;

export const STORAGE_KEY = 'zk-playground.lang';

export function isLang(x: unknown): x is Lang {
  return typeof x === 'string' && (LANGUAGES as readonly string[]).includes(x);
}

/** Any Chinese variant (zh, zh-CN, zh-Hans-SG, zh-TW…) picks zh; the first listed language decides. */
export function browserLanguage(languages: readonly string[]): Lang {
  for (const l of languages) {
    const tag = l.toLowerCase();
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh';
    // The first language the reader listed that the page has wins; English is the page's own.
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return 'en';
}

export function initialLanguage(env: {
  /** The address's `lang=` (the route's), if it has one. */
  forced: Lang | null;
  stored: string | null;
  languages: readonly string[];
}): Lang {
  return env.forced ?? (isLang(env.stored) ? env.stored : browserLanguage(env.languages));
}
