// Deep links to a lesson step: #lesson=<id>&step=<n>[&lang=zh]. Steps are 0-based in the link, as
// in the player; the page shows them 1-based ("step 3/5" is step=2).
import { clampStep, lessonById } from './gallery.ts';
import type { Lang, Lesson } from './types.ts';

export interface LessonLink {
  lesson: Lesson;
  step: number;
  /** Only when the link says so: the same `lang` parameter the page's i18n reads (src/app/i18n). */
  lang: Lang | null;
}

/** The lesson a location hash asks for, or null when it names none (or an unknown one). */
export function lessonFromHash(hash: string): LessonLink | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const lesson = lessonById(params.get('lesson') ?? '');
  if (!lesson) return null;
  const step = clampStep(lesson, Number(params.get('step') ?? 0));
  const lang = params.get('lang');
  return { lesson, step, lang: lang === 'en' || lang === 'zh' ? lang : null };
}

export function lessonHash(id: string, step: number, lang?: Lang): string {
  const params = new URLSearchParams({ lesson: id, step: String(step) });
  if (lang) params.set('lang', lang);
  return `#${params.toString()}`;
}
