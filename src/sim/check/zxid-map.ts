// A map from zxid to a value, for the checker's tables with an entry per txn. A run of 100k txns
// holds several of them, and a Map entry with its boxed key (zxids are above 2^32, no small
// integers) costs ~70 bytes; here an entry is one array slot (8 bytes). A zxid is the epoch in the
// high 32 bits and a counter from 1 (ZxidUtils#makeZxid; Leader#propose takes the next counter), so
// each epoch's txns fill its counters one after another: they index an array per epoch. Anything
// else — a hand-made trace's zxid far beyond the others, a negative or fractional one, NaN — goes to
// a Map, so every key behaves as it would in a Map. `undefined` is never a value.
const EPOCH = 2 ** 32;
/**
 * How far past an epoch's last slot a counter still goes to its array: gaps are rare (a txn nobody
 * reported) and short; a longer one would leave the array mostly holes (V8 turns an array whose
 * write lands 1,024 or more past its capacity into a dictionary anyway, JSObject::kMaxGap).
 */
const MAX_GAP = 256;

export class ZxidMap<V> {
  private readonly epochs = new Map<number, (V | undefined)[]>();
  private readonly others = new Map<number, V>();

  get(z: number): V | undefined {
    if (Number.isSafeInteger(z) && z >= 0) {
      const slots = this.epochs.get(Math.floor(z / EPOCH));
      if (slots !== undefined) {
        const v = slots[z % EPOCH];
        if (v !== undefined) return v;
      }
    }
    return this.others.size === 0 ? undefined : this.others.get(z);
  }

  has(z: number): boolean {
    return this.get(z) !== undefined;
  }

  set(z: number, v: V): void {
    if (Number.isSafeInteger(z) && z >= 0) {
      const epoch = Math.floor(z / EPOCH);
      const counter = z % EPOCH;
      let slots = this.epochs.get(epoch);
      if (slots === undefined && counter <= MAX_GAP) {
        slots = [];
        this.epochs.set(epoch, slots);
      }
      if (slots !== undefined && counter <= slots.length + MAX_GAP) {
        slots[counter] = v;
        if (this.others.size > 0) this.others.delete(z);
        return;
      }
    }
    this.others.set(z, v);
  }
}
