// What an address names that the page does not have (issue #15 item 11).
import { describe, expect, it } from 'vitest';
import { parseRoute } from '../../src/app/route/route.ts';
import { notFound as notFoundIn } from '../../src/app/share/not-found.ts';

const examples = ['welcome', 'recipes/lock'];
const lessons = ['leader-election'];
const notFound = (hash: string, e: readonly string[], l: readonly string[]) =>
  notFoundIn(parseRoute(hash), e, l);

describe('notFound', () => {
  it('names an unknown example, lesson or address', () => {
    expect(notFound('#example=nope', examples, lessons)).toEqual({ kind: 'example', asked: 'nope' });
    expect(notFound('#lesson=nope&step=2', examples, lessons)).toEqual({ kind: 'lesson', asked: 'nope' });
    expect(notFound('#hello-world', examples, lessons)).toEqual({ kind: 'address', asked: 'hello-world' });
  });

  it('is quiet for what the page has, an empty hash, page options and share links', () => {
    for (const hash of [
      '',
      '#',
      '#example=recipes%2Flock',
      '#lesson=leader-election&step=1',
      '#lang=zh',
      '#embed=1',
      '#v1.abc',
    ])
      expect(notFound(hash, examples, lessons), hash).toBeNull();
  });

  it('clips a long request', () => {
    const asked = notFound(`#example=${'x'.repeat(500)}`, examples, lessons)!.asked;
    expect(asked.length).toBeLessThanOrEqual(81);
  });
});
