// The editor never loses what you typed: each tab's unsaved text is kept here, outside Monaco and
// outside the component, so it survives closing the editor panel, a Reset of the run, switching to
// another example and back, and (through sessionStorage) reloading the page. A draft exists only
// while it differs from the script the run applies; applying it (or typing the applied text back)
// makes it go away.

export class ScriptDrafts {
  readonly #text = new Map<string, string>();

  constructor(
    private readonly storage: Pick<Storage, 'getItem' | 'setItem'> | null = null,
    private readonly key = 'zk-playground.drafts',
  ) {
    try {
      const saved = storage?.getItem(key);
      if (saved)
        for (const [id, text] of Object.entries(JSON.parse(saved) as Record<string, string>))
          this.#text.set(id, text);
    } catch {
      // an unreadable store is an empty one
    }
  }

  /** The text to show for a tab: the draft, or else the applied script. */
  text(id: string, applied: string): string {
    return this.#text.get(id) ?? applied;
  }

  isDirty(id: string, applied: string): boolean {
    const d = this.#text.get(id);
    return d !== undefined && d !== applied;
  }

  /** Record the editor's text for a tab (the applied script being what the run has). */
  edit(id: string, text: string, applied: string): void {
    if (text === applied) this.#text.delete(id);
    else this.#text.set(id, text);
    this.#save();
  }

  discard(id: string): void {
    this.#text.delete(id);
    this.#save();
  }

  #save(): void {
    try {
      this.storage?.setItem(this.key, JSON.stringify(Object.fromEntries(this.#text)));
    } catch {
      // full or unavailable storage: the drafts still live in memory
    }
  }
}

let shared: ScriptDrafts | null = null;

/** The page's drafts (one store for every run, keyed by scenario and client: see draftId). */
export function pageDrafts(): ScriptDrafts {
  shared ??= new ScriptDrafts(typeof sessionStorage === 'undefined' ? null : sessionStorage);
  return shared;
}

export function draftId(scenarioName: string | undefined, client: string): string {
  return `${scenarioName ?? ''}\u0000${client}`;
}
