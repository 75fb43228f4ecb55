// Drafts in an injected Storage: newest ten kept, replace by key, and a status — never an
// exception — when storage is missing, throws, is full or holds junk.
import { describe, expect, it } from 'vitest';
import {
  DRAFTS_STORAGE_KEY,
  type DraftContent,
  Drafts,
  MAX_DRAFTS,
  type StorageLike,
} from '../../src/share/drafts.ts';

/** An in-memory Storage that refuses values once their total length would pass `quota`. */
class FakeStorage implements StorageLike {
  readonly items = new Map<string, string>();
  constructor(private readonly quota = Number.POSITIVE_INFINITY) {}
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    let used = value.length;
    for (const [k, v] of this.items) if (k !== key) used += v.length;
    if (used > this.quota) throw new DOMException('quota', 'QuotaExceededError');
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

const content = (name: string, size = 0): DraftContent => ({
  scenarioText: JSON.stringify({ version: 1, name, seed: 1, description: 'x'.repeat(size) }),
  scripts: { c1: `print("${name}")` },
});

describe('Drafts', () => {
  it('restores what was saved, scripts included', () => {
    const drafts = new Drafts(new FakeStorage());
    expect(drafts.save('a', content('Alpha'), 1000)).toEqual({ ok: true, dropped: 0 });
    expect(drafts.restore('a')).toEqual({
      ok: true,
      draft: { key: 'a', savedAt: 1000, ...content('Alpha') },
    });
    expect(drafts.list()).toEqual({ ok: true, drafts: [{ key: 'a', savedAt: 1000, title: 'Alpha' }] });
  });

  it('lists newest first by the caller’s clock, and saving a key again replaces its draft', () => {
    const drafts = new Drafts(new FakeStorage());
    drafts.save('a', content('A'), 10);
    drafts.save('b', content('B'), 30);
    drafts.save('c', content('C'), 20);
    drafts.save('a', content('A2'), 40);
    const list = drafts.list();
    expect(list.ok && list.drafts.map((d) => [d.key, d.savedAt, d.title])).toEqual([
      ['a', 40, 'A2'],
      ['b', 30, 'B'],
      ['c', 20, 'C'],
    ]);
  });

  it(`keeps the newest ${MAX_DRAFTS}`, () => {
    const drafts = new Drafts(new FakeStorage());
    for (let i = 1; i <= 13; i++) drafts.save(`k${i}`, content(`D${i}`), i * 100);
    const list = drafts.list();
    expect(list.ok && list.drafts.map((d) => d.key)).toEqual(
      Array.from({ length: MAX_DRAFTS }, (_, i) => `k${13 - i}`),
    );
    expect(drafts.restore('k3')).toMatchObject({ ok: false, reason: 'not-found' });
  });

  it('keeps the draft being saved even when the clock went back', () => {
    const drafts = new Drafts(new FakeStorage());
    for (let i = 1; i <= MAX_DRAFTS; i++) drafts.save(`k${i}`, content(`D${i}`), 1000 + i);
    expect(drafts.save('late', content('L'), 5)).toEqual({ ok: true, dropped: 0 });
    const list = drafts.list();
    expect(list.ok && list.drafts.length).toBe(MAX_DRAFTS);
    expect(list.ok && list.drafts.at(-1)?.key).toBe('late');
  });

  it('discards', () => {
    const drafts = new Drafts(new FakeStorage());
    drafts.save('a', content('A'), 1);
    drafts.save('b', content('B'), 2);
    expect(drafts.discard('a')).toEqual({ ok: true });
    expect(drafts.discard('a')).toMatchObject({ ok: false, reason: 'not-found' });
    const list = drafts.list();
    expect(list.ok && list.drafts.map((d) => d.key)).toEqual(['b']);
  });

  it('the last discard removes the storage key', () => {
    const storage = new FakeStorage();
    const drafts = new Drafts(storage);
    drafts.save('a', content('A'), 1);
    drafts.discard('a');
    expect(storage.items.has(DRAFTS_STORAGE_KEY)).toBe(false);
  });

  it('on a full storage gives up the oldest other drafts, then reports full', () => {
    const storage = new FakeStorage(2500);
    const drafts = new Drafts(storage);
    for (let i = 1; i <= 3; i++)
      expect(drafts.save(`k${i}`, content(`D${i}`, 600), i)).toMatchObject({ ok: true });
    // A fourth of the same size does not fit with the other three: the oldest (k1) goes.
    expect(drafts.save('k4', content('D4', 600), 4)).toEqual({ ok: true, dropped: 1 });
    const list = drafts.list();
    expect(list.ok && list.drafts.map((d) => d.key)).toEqual(['k4', 'k3', 'k2']);
    // One that cannot fit even alone: nothing is lost, and the status says so.
    expect(drafts.save('big', content('Big', 5000), 5)).toMatchObject({ ok: false, reason: 'full' });
    const after = drafts.list();
    expect(after.ok && after.drafts.map((d) => d.key)).toEqual(['k4', 'k3', 'k2']);
  });

  it('without storage, or with storage that throws, every operation returns unavailable', () => {
    const throwing: StorageLike = {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      removeItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
    };
    for (const drafts of [new Drafts(null), new Drafts(undefined), new Drafts(throwing)]) {
      expect(drafts.save('a', content('A'), 1)).toMatchObject({ ok: false, reason: 'unavailable' });
      expect(drafts.list()).toMatchObject({ ok: false, reason: 'unavailable' });
      expect(drafts.restore('a')).toMatchObject({ ok: false, reason: 'unavailable' });
      expect(drafts.discard('a')).toMatchObject({ ok: false, reason: 'unavailable' });
    }
  });

  it('a storage that reads but refuses writes for another reason is unavailable, not full', () => {
    const storage = new FakeStorage();
    storage.setItem = () => {
      throw new Error('disk I/O error');
    };
    expect(new Drafts(storage).save('a', content('A'), 1)).toMatchObject({
      ok: false,
      reason: 'unavailable',
      message: expect.stringContaining('disk I/O error'),
    });
  });

  it('skips junk it finds in storage and keeps working', () => {
    const storage = new FakeStorage();
    storage.setItem(DRAFTS_STORAGE_KEY, '{not json');
    const drafts = new Drafts(storage);
    expect(drafts.list()).toEqual({ ok: true, drafts: [] });
    const good = { key: 'g', savedAt: 5, ...content('G') };
    storage.setItem(
      DRAFTS_STORAGE_KEY,
      JSON.stringify([good, { key: 1 }, null, { ...good, key: 'h', scripts: [] }]),
    );
    expect(drafts.list()).toEqual({ ok: true, drafts: [{ key: 'g', savedAt: 5, title: 'G' }] });
    expect(drafts.save('a', content('A'), 9)).toMatchObject({ ok: true });
    const list = drafts.list();
    expect(list.ok && list.drafts.map((d) => d.key)).toEqual(['a', 'g']);
  });

  it('a title is empty when the scenario text does not parse or has no name', () => {
    const drafts = new Drafts(new FakeStorage());
    drafts.save('a', { scenarioText: '{"seed": ', scripts: {} }, 1);
    drafts.save('b', { scenarioText: '{"seed": 1}', scripts: {} }, 2);
    const list = drafts.list();
    expect(list.ok && list.drafts.map((d) => d.title)).toEqual(['', '']);
  });
});
