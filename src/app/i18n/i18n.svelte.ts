// The page's language, as state every component reads through `m()`: reading it inside a
// template, a $derived or an $effect subscribes, so switching the language re-renders the text
// in place (the run, the selection and the cursor stay as they are).
import { hashLanguage, initialLanguage, type Lang, STORAGE_KEY } from './detect.ts';
import { en, type Messages } from './en.ts';
import { zh } from './zh.ts';

const CATALOGS: Record<Lang, Messages> = { en, zh };

function stored(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage disabled (private mode, sandboxed frame): no remembered choice
  }
}

const state = $state<{ lang: Lang }>({
  lang:
    typeof window === 'undefined'
      ? 'en'
      : initialLanguage({ hash: location.hash, stored: stored(), languages: navigator.languages ?? [] }),
});

/** The current language (read-only: change it with setLanguage). */
export const i18n: { readonly lang: Lang } = state;

/** The current language's messages. */
export function m(): Messages {
  return CATALOGS[state.lang];
}

function apply(lang: Lang): void {
  state.lang = lang;
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}

/**
 * The language a shared link was made in: applied for this visit, not remembered (like `lang=` in
 * the hash, which wins over it).
 */
export function linkLanguage(lang: string | undefined): void {
  if ((lang === 'en' || lang === 'zh') && typeof window !== 'undefined' && !hashLanguage(location.hash))
    apply(lang);
}

/** The reader's choice: applied now and remembered on this browser. */
export function setLanguage(lang: Lang): void {
  apply(lang);
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // no storage: the choice lasts until the page closes
  }
}

if (typeof window !== 'undefined') {
  apply(state.lang);
  // A hash opened later (a pasted link, a back button) may force a language too. Not remembered:
  // a link someone sent forces its language for this visit, the reader's own choice stays theirs.
  window.addEventListener('hashchange', () => {
    const forced = hashLanguage(location.hash);
    if (forced) apply(forced);
  });
}
