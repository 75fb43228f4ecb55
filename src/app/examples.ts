// The shipped example scenarios (examples/**/*.json), bundled into the page, and the one the URL
// asks for with #example=<id> (the standalone basics by default).
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

export const DEFAULT_EXAMPLE = 'standalone-basics';

export function exampleFromHash(hash: string): string {
  const id = new URLSearchParams(hash.replace(/^#/, '')).get('example');
  return id !== null && EXAMPLES.some((e) => e.id === id) ? id : DEFAULT_EXAMPLE;
}

export function loadExample(id: string): ReturnType<typeof validateScenario> {
  const e = EXAMPLES.find((x) => x.id === id) ?? EXAMPLES.find((x) => x.id === DEFAULT_EXAMPLE)!;
  return validateScenario(e.doc);
}
