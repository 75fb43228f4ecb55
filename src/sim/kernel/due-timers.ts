// When each of a node's timers set and not yet handled is due: view-only, for the countdowns. Views
// ask after every input a node handles, and most inputs leave its timers as they were, so the list
// they read is made again only after a change and is otherwise the same array (a picture compares
// it by identity first: src/sim/view/world-view.ts hostUnchanged).

export interface DueTimer {
  name: string;
  at: number;
}

export class DueTimers {
  private readonly due = new Map<string, number>();
  private list: DueTimer[] | null = null;

  set(name: string, at: number): void {
    if (this.due.get(name) === at) return;
    this.due.set(name, at);
    this.list = null;
  }

  delete(name: string): void {
    if (this.due.delete(name)) this.list = null;
  }

  clear(): void {
    if (this.due.size === 0) return;
    this.due.clear();
    this.list = null;
  }

  /** In the order they were first set, as a Map iterates; not to be modified by the caller. */
  view(): DueTimer[] {
    if (this.list === null) {
      const list: DueTimer[] = [];
      for (const [name, at] of this.due) list.push({ name, at });
      this.list = list;
    }
    return this.list;
  }
}
