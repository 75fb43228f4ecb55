// The shipped example scenarios (examples/**/*.json), bundled into the page.
import { validateScenario } from '../scenario/validate.ts';

const docs = import.meta.glob('../../examples/**/*.json', { eager: true, import: 'default' }) as Record<
  string,
  unknown
>;

export interface Example {
  id: string;
  doc: unknown;
}

export const EXAMPLES: Example[] = Object.keys(docs)
  .sort()
  .map((path) => ({ id: path.replace('../../examples/', '').replace(/\.json$/, ''), doc: docs[path] }));

/** What an unknown id opens: the welcome run (an election, then clients taking a lock). */
export const DEFAULT_EXAMPLE = 'welcome';

export function loadExample(id: string): ReturnType<typeof validateScenario> {
  const e = EXAMPLES.find((x) => x.id === id) ?? EXAMPLES.find((x) => x.id === DEFAULT_EXAMPLE)!;
  return validateScenario(e.doc);
}
