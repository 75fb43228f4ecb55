// A value kept while the inputs it was computed from are the same (Object.is, one by one). Frames
// arrive 60 times a second and most of what a view derives from one is what it derived from the
// one before: giving back the very same object lets Svelte skip everything downstream of it
// (a $derived whose value is the same object does not wake its readers).
export class SameInputs<V> {
  #inputs: readonly unknown[] | null = null;
  #value: V | undefined;

  /** The value computed for these inputs last time, or `compute()`'s when any input differs. */
  get(inputs: readonly unknown[], compute: () => V): V {
    const last = this.#inputs;
    if (last !== null && last.length === inputs.length && last.every((x, i) => Object.is(x, inputs[i])))
      return this.#value as V;
    this.#value = compute();
    this.#inputs = inputs;
    return this.#value;
  }
}
