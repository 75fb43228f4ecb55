// A narrated lesson (docs/lessons.md): a scenario from examples/ plus steps a teacher reads out, each
// of which may move the run (seek, step to the next moment of a kind) or break something (a fault).
// Data only: the player (player.ts) does what the steps say, the page shows the text.
import type { FaultNow, StepTarget } from '../conductor/run-control.ts';
import type { Claim } from './claims.ts';

export type Lang = 'en' | 'zh';

/** The same text in every language the page speaks; both are required, never a fallback. */
export type Text = Record<Lang, string>;

/** The moments a step can advance to ('event' is too fine-grained to narrate). */
export type LessonTarget = Exclude<StepTarget, 'event'>;

/** The part of the page a step is about. */
export type LessonView = 'cluster' | 'tree' | 'lock' | 'spacetime' | 'log' | 'logtails' | 'editor';

/**
 * Something a step's text names, which the page points at while the step is shown: a server or a
 * client (outlined wherever it is drawn, with its state at the cursor in the lesson panel), a znode
 * (its data and version at the cursor), or messages of a type on the wire (optionally one link).
 */
export type Highlight =
  | { server: string }
  | { client: string }
  | { znode: string }
  | { message: string; from?: string; to?: string };

/**
 * One step. Going to a step performs, in this order: seek to `at`, advance to the next `stepTo`
 * from there (`times` times), apply `inject` at the cursor. A step with none of them only talks.
 */
export interface Step {
  /** One or two short sentences, read out loud. */
  text: Text;
  /** Virtual ms to seek to. */
  at?: number;
  stepTo?: LessonTarget;
  /** How many `stepTo` moments to pass (default 1). */
  times?: number;
  /** A fault applied at the cursor, as the fault palette would. */
  inject?: FaultNow;
  view?: LessonView;
  /** What the text names, pointed at on the page (src/app/lessons/Spotlight.svelte). */
  highlight?: Highlight[];
  /**
   * Predict, then reveal: a question shown before the step's moves. The run stays where the previous
   * step left it until the teacher presses Reveal (or Next); then the step moves and its text shows.
   */
  predict?: Text;
  /**
   * What the text says is true once the step's moves are done, in both languages alike (claims.ts).
   * test/unit/lesson-claims.test.ts checks every one against the run at the step's cursor.
   */
  claims?: Claim[];
}

export interface Lesson {
  id: string;
  title: Text;
  summary: Text;
  /** The scenario's id: its path under examples/ without `.json` (`lessons/leader-election`). */
  scenario: string;
  /** The other half of a pair: a working lesson names its "break it" twin and the twin names it back. */
  twin?: string;
  /** A "break it" lesson: something is wrong on purpose (a buggy recipe, a server bug). */
  broken?: boolean;
  steps: Step[];
}
