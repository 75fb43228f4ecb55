// The page's language, as state every component reads through `m()`: reading it inside a
// template, a $derived or an $effect subscribes, so switching the language re-renders the text
// in place (the run, the selection and the cursor stay as they are).
import { currentRoute, navigate, onRouteChange } from '../route/navigate.ts';
import { messagesOf } from './catalogs.ts';
import { initialLanguage, type Lang, STORAGE_KEY } from './detect.ts';
import type { Messages } from './en.ts';

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
      : initialLanguage({
          forced: currentRoute().route.lang,
          stored: stored(),
          languages: navigator.languages ?? [],
        }),
});

/** The current language (read-only: change it with setLanguage). */
export const i18n: { readonly lang: Lang } = state;

/** The current language's messages. */
export function m(): Messages {
  return messagesOf(state.lang);
}

function apply(lang: Lang): void {
  state.lang = lang;
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}

/**
 * The language a shared link was made in: applied for this visit, not remembered (like `lang=` in
 * the address, which wins over it).
 */
export function linkLanguage(lang: string | undefined): void {
  if ((lang === 'en' || lang === 'zh') && typeof window !== 'undefined' && currentRoute().route.lang === null)
    apply(lang);
}

/**
 * The reader's choice: applied now and remembered on this browser. If the address forces a
 * language (`&lang=zh`), the address follows the choice, so a reload keeps it.
 */
export function setLanguage(lang: Lang): void {
  apply(lang);
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // no storage: the choice lasts until the page closes
  }
  const { route } = currentRoute();
  if (route.lang !== null) navigate({ ...route, lang });
}

if (typeof window !== 'undefined') {
  apply(state.lang);
  // An address opened later (a pasted link, a back button) may force a language too. Not
  // remembered: a link someone sent forces its language for this visit, the reader's own choice
  // stays theirs.
  onRouteChange(({ route }) => {
    if (route.lang !== null) apply(route.lang);
  });
}
