// Every language's messages, by language: the one catalog of the page's own words (docs/ui.md,
// "Languages"). Plain TS, so helpers and Node tests can ask for a language without the page's state.
import type { Lang } from './detect.ts';
import { en, type Messages } from './en.ts';
import { zh } from './zh.ts';

const CATALOGS: Record<Lang, Messages> = { en, zh };

/** The messages of `lang`. */
export function messagesOf(lang: Lang): Messages {
  return CATALOGS[lang];
}
