// What the page has open — a run's source, a lesson and its step, what the address asked for and
// could not be found — kept from the route and written back into it. App.svelte lays the page out
// around it; this is where the address and the page's state meet.
import { clampStep, LESSONS, lessonById } from '../../lessons/gallery.ts';
import type { Lesson } from '../../lessons/types.ts';
import type { LiveLink } from '../../live/live-link.ts';
import { linkFit } from '../../share/fit.ts';
import type { Scenario } from '../../sim/scenario-types.ts';
import { EXAMPLES } from '../examples.ts';
import { type NotFound, notFound } from '../share/not-found.ts';
import { type Source, sourceOf } from '../share/source.ts';
import { navigate } from './navigate.ts';
import { type ParsedRoute, type Route, routeTo } from './route.ts';

type BadLink = Extract<Source, { kind: 'bad-link' }>;

const exampleIds = EXAMPLES.map((e) => e.id);
const lessonIds = LESSONS.map((l) => l.id);

export class Opened {
  source = $state.raw<Source>({ kind: 'example', id: 'welcome' });
  /** A lesson being presented (#lesson=<id>&step=<n>): presenter mode, its steps drive the run. */
  lesson = $state.raw<Lesson | null>(null);
  lessonStep = $state(0);
  /** An example, lesson or address the route named and this page does not have (welcome opens). */
  missing = $state.raw<NotFound | null>(null);
  /** A link that could not be read, shown until dismissed. */
  problem = $state.raw<BadLink | null>(null);
  /** `embed=1`, for the whole visit: an embedded page stays embedded whatever it opens. */
  readonly embed: boolean;
  /** `live=…&token=…`: the bridge Live mode connects to, for the visit (another bridge reloads). */
  readonly live: LiveLink | null;

  constructor(parsed: ParsedRoute) {
    this.embed = parsed.route.embed;
    this.live = parsed.route.live;
    this.follow(parsed);
  }

  /** Opens what the route names (the page's first address, or one the reader typed later). */
  follow(parsed: ParsedRoute): void {
    this.missing = notFound(parsed, exampleIds, lessonIds);
    const { open } = parsed.route;
    const asked = open.kind === 'lesson' ? lessonById(open.id) : undefined;
    if (open.kind === 'lesson' && asked) {
      if (asked.id !== this.lesson?.id) this.#startLesson(asked);
      this.lessonStep = clampStep(asked, open.step);
      return;
    }
    this.lesson = null;
    const next = sourceOf(open, exampleIds);
    this.problem = next.kind === 'bad-link' ? next : null;
    this.source = next;
  }

  /** A shipped example, picked in the header. */
  chooseExample(id: string): void {
    navigate(routeTo({ kind: 'example', id }));
    this.missing = null;
    this.lesson = null;
    this.source = { kind: 'example', id };
  }

  /** A scenario from a file or a draft: opened as a link would be (in the address if it fits). */
  openScenario(scenario: Scenario): void {
    const fit = linkFit({ scenario });
    if (fit.fits) navigate(routeTo({ kind: 'link', link: fit.hash.slice(1) }));
    this.problem = null;
    this.source = { kind: 'link', doc: { scenario } };
  }

  /** A lesson from the gallery, at its first step. */
  openLesson(id: string): void {
    const next = lessonById(id);
    if (next) this.#startLesson(next);
  }

  /**
   * The address follows the lesson's step (a reload or a shared address reopens it there); an
   * embedded lesson stays embedded, a forced language stays forced.
   */
  writeLessonStep(current: Route): void {
    if (this.lesson === null) return;
    const open = { kind: 'lesson', id: this.lesson.id, step: this.lessonStep } as const;
    navigate({ ...current, open, embed: this.embed });
  }

  #startLesson(lesson: Lesson): void {
    this.problem = null;
    this.missing = null;
    this.lesson = lesson;
    this.lessonStep = 0;
    this.source = { kind: 'example', id: lesson.scenario };
  }
}
