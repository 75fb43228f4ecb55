// Which language the page opens in, as plain functions (the store in i18n.svelte.ts applies them;
// unit tests call them without a browser). A `lang` parameter in the URL hash wins (a teacher's
// link can force Chinese), then the reader's own choice remembered on this browser, then the
// browser's preferred languages.
export const LANGUAGES = ['en', 'zh'] as const;
export type Lang = (typeof LANGUAGES)[number];

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

const LINK_HASH = /^#?v\d+\./;

/**
 * The `lang` parameter of a hash: `#example=welcome&lang=zh`, `#lang=en`, or after a link
 * (`#v1.…&lang=zh`, whose base64url has no '&': the parameters are what follows the first '&').
 */
export function hashLanguage(hash: string): Lang | null {
  const h = hash.replace(/^#/, '');
  const params = LINK_HASH.test(h) ? (h.includes('&') ? h.slice(h.indexOf('&') + 1) : '') : h;
  const value = new URLSearchParams(params).get('lang');
  return isLang(value) ? value : null;
}

/** The hash with its `lang` parameter set to `lang` (if it has one), so a reload keeps the choice. */
export function hashWithLanguage(hash: string, lang: Lang): string {
  const h = hash.replace(/^#/, '');
  const link = LINK_HASH.test(h);
  const cut = link ? h.indexOf('&') : -1;
  const head = link ? (cut < 0 ? h : h.slice(0, cut)) : '';
  const params = new URLSearchParams(link ? (cut < 0 ? '' : h.slice(cut + 1)) : h);
  if (!params.has('lang')) return hash;
  params.set('lang', lang);
  const rest = params.toString();
  return `#${[head, rest].filter((p) => p !== '').join('&')}`;
}

export function initialLanguage(env: {
  hash: string;
  stored: string | null;
  languages: readonly string[];
}): Lang {
  return hashLanguage(env.hash) ?? (isLang(env.stored) ? env.stored : browserLanguage(env.languages));
}
