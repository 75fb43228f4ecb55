// Drafts: the user's unsaved work — the scenario JSON text and each client's script text as being
// edited — kept in a Storage-like object (the page passes localStorage; tests pass a fake), so a
// closed tab or a crash loses nothing. The newest MAX_DRAFTS are kept, newest first.
//
// Storage is allowed to fail: it may be missing (private modes, disabled cookies), throw on access
// (SecurityError) or be full (QuotaExceededError). None of that throws out of here; every operation
// returns a status. All drafts live under one key, so a save is a single setItem: never half-done.

/** The part of the Web Storage API drafts use. */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface DraftContent {
  /** The scenario document as text, as typed (it need not be valid). */
  scenarioText: string;
  /** Script text per client name, for the scripts being edited. */
  scripts: Record<string, string>;
}

export interface Draft extends DraftContent {
  /** Chosen by the caller: saving under the same key replaces that draft (autosave). */
  key: string;
  /** The caller's clock value when it was saved (Date.now() on the page); orders the drafts. */
  savedAt: number;
}

export interface DraftSummary {
  key: string;
  savedAt: number;
  /** The scenario's "name" when its text parses and has one; else "". */
  title: string;
}

export type DraftFailure = { ok: false; reason: 'unavailable' | 'full' | 'not-found'; message: string };
export type DraftResult<T extends object = object> = ({ ok: true } & T) | DraftFailure;

export const MAX_DRAFTS = 10;
export const DRAFTS_STORAGE_KEY = 'zk-playground.scenario-drafts.v1';

export class Drafts {
  constructor(
    private readonly storage: StorageLike | null | undefined,
    private readonly max = MAX_DRAFTS,
    private readonly storageKey = DRAFTS_STORAGE_KEY,
  ) {}

  /**
   * Saves the content under `key` at clock value `now`, replacing an older draft with that key. If
   * storage is full, the oldest other drafts are given up one by one until it fits (`dropped` says
   * how many); `full` if even this one alone does not fit.
   */
  save(key: string, content: DraftContent, now: number): DraftResult<{ dropped: number }> {
    const read = this.read();
    if (!read.ok) return read;
    const draft: Draft = {
      key,
      savedAt: now,
      scenarioText: content.scenarioText,
      scripts: { ...content.scripts },
    };
    // The draft being saved is always kept (it is the user's current work), even if the caller's
    // clock went back; the newest others fill the remaining places.
    const others = read.drafts.filter((d) => d.key !== key).slice(0, this.max - 1);
    for (let dropped = 0; ; dropped++) {
      const wrote = this.write(newestFirst([draft, ...others]));
      if (wrote.ok) return { ok: true, dropped };
      if (wrote.reason !== 'full' || others.length === 0) return wrote;
      others.pop(); // storage is full: give up the oldest other draft and try again
    }
  }

  /** The drafts, newest first, without their content. Malformed stored entries are left out. */
  list(): DraftResult<{ drafts: DraftSummary[] }> {
    const read = this.read();
    if (!read.ok) return read;
    return {
      ok: true,
      drafts: read.drafts.map((d) => ({ key: d.key, savedAt: d.savedAt, title: titleOf(d.scenarioText) })),
    };
  }

  restore(key: string): DraftResult<{ draft: Draft }> {
    const read = this.read();
    if (!read.ok) return read;
    const draft = read.drafts.find((d) => d.key === key);
    if (draft === undefined) return { ok: false, reason: 'not-found', message: `no draft '${key}'` };
    return { ok: true, draft };
  }

  discard(key: string): DraftResult {
    const read = this.read();
    if (!read.ok) return read;
    const rest = read.drafts.filter((d) => d.key !== key);
    if (rest.length === read.drafts.length)
      return { ok: false, reason: 'not-found', message: `no draft '${key}'` };
    return this.write(rest);
  }

  private read(): DraftResult<{ drafts: Draft[] }> {
    if (!this.storage) return unavailable('no storage on this page');
    let text: string | null;
    try {
      text = this.storage.getItem(this.storageKey);
    } catch (e) {
      return unavailable(errorText(e));
    }
    return { ok: true, drafts: newestFirst(parseDrafts(text)).slice(0, this.max) };
  }

  private write(drafts: Draft[]): DraftResult {
    if (!this.storage) return unavailable('no storage on this page');
    try {
      if (drafts.length === 0) this.storage.removeItem(this.storageKey);
      else this.storage.setItem(this.storageKey, JSON.stringify(drafts));
      return { ok: true };
    } catch (e) {
      return isQuotaError(e)
        ? { ok: false, reason: 'full', message: `storage is full (${errorText(e)})` }
        : unavailable(errorText(e));
    }
  }
}

/** Stored drafts, skipping anything malformed (another version's data, a hand edit). */
function parseDrafts(text: string | null): Draft[] {
  if (text === null) return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  return Array.isArray(value) ? value.filter(isDraft) : [];
}

function isDraft(value: unknown): value is Draft {
  if (typeof value !== 'object' || value === null) return false;
  const d = value as Record<string, unknown>;
  const scripts = d.scripts;
  return (
    typeof d.key === 'string' &&
    typeof d.savedAt === 'number' &&
    Number.isFinite(d.savedAt) &&
    typeof d.scenarioText === 'string' &&
    typeof scripts === 'object' &&
    scripts !== null &&
    !Array.isArray(scripts) &&
    Object.values(scripts).every((s) => typeof s === 'string')
  );
}

/** Newest first; equal clock values keep their order (the one saved last is first). */
function newestFirst(drafts: Draft[]): Draft[] {
  return [...drafts].sort((a, b) => b.savedAt - a.savedAt);
}

function titleOf(scenarioText: string): string {
  try {
    const doc: unknown = JSON.parse(scenarioText);
    const name = typeof doc === 'object' && doc !== null ? (doc as { name?: unknown }).name : undefined;
    return typeof name === 'string' ? name : '';
  } catch {
    return '';
  }
}

/** QuotaExceededError by name (browsers) or by the legacy codes 22 and 1014 (old WebKit, Firefox). */
function isQuotaError(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const { name, code } = e as { name?: unknown; code?: unknown };
  return (
    name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED' || code === 22 || code === 1014
  );
}

function unavailable(message: string): DraftFailure {
  return { ok: false, reason: 'unavailable', message: `storage is unavailable: ${message}` };
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
