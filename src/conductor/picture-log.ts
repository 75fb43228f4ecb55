// One node's pictures over a run, kept as patches (src/sim/view/picture-patch.ts) with the whole
// picture every PICTURES_PER_CHECKPOINT of them: a node whose picture changes at every input costs
// what changed per input, not a picture per input (a leader's picture carries every session's
// expiry; 200 sessions made a picture per input cost gigabytes on a long run). The picture after
// any event is a checkpoint plus at most that many patches applied, or fewer when playing forward
// from the last one asked for. The patches are kept flat (PatchTape): a million of them as objects
// were most of the memory of a long run through the conductor.
import { PatchTape, type Share } from '../sim/view/patch-tape.ts';
import { applyPatches } from '../sim/view/picture-patch.ts';
import { upperBound } from './bisect.ts';

export const PICTURES_PER_CHECKPOINT = 32;

const same = (n: number) => n;

export class PictureLog<V extends object> {
  private keys: number[] = [];
  /** Patch m turns picture m - 1 (the initial one for m = 0) into picture m. */
  private readonly patches: PatchTape;
  /** checkpoints[j] is picture j · PICTURES_PER_CHECKPOINT. */
  private checkpoints: V[] = [];
  /** The newest picture: what the next one is compared with. */
  private newest: V;
  /** The last picture asked for (its number), so playing forward applies one patch or a few. */
  private asked: { m: number; view: V } | null = null;

  /** `share`: what the patches keep may be replaced by an equal value (one kept for several nodes). */
  constructor(
    private readonly initial: V,
    private readonly share?: Share,
  ) {
    this.newest = initial;
    this.patches = new PatchTape(PICTURES_PER_CHECKPOINT, share);
  }

  /** The node's picture from cursor index `key` on (keys never decrease). */
  add(key: number, view: V): void {
    // Nothing kept for the same picture: the one before still shows.
    if (!this.patches.pushDiff(this.newest, view)) return;
    const m = this.keys.length;
    this.keys.push(key);
    this.newest = view;
    if (m % PICTURES_PER_CHECKPOINT === 0) this.checkpoints.push(this.shared(view));
  }

  /** A checkpoint keeps what the patches keep: `view` with each field through `share`. */
  private shared(view: V): V {
    const share = this.share;
    if (share === undefined) return view;
    const out = { ...view } as Record<string, unknown>;
    for (const k in out) out[k] = share(k, out[k]);
    return out as V;
  }

  /** The picture with the largest key ≤ `index` (the initial one if none). */
  at(index: number): V {
    const m = upperBound(this.keys, index, same) - 1;
    if (m < 0) return this.initial;
    const asked = this.asked;
    if (asked?.m === m) return asked.view;
    const j = Math.floor(m / PICTURES_PER_CHECKPOINT);
    let from = j * PICTURES_PER_CHECKPOINT;
    let view = this.checkpoints[j] as V;
    if (asked !== null && asked.m > from && asked.m < m) {
      from = asked.m;
      view = asked.view;
    }
    if (m > from) view = applyPatches(view, this.patches.slice(from + 1, m + 1));
    this.asked = { m, view };
    return view;
  }

  /** Forget the pictures whose key is above `index` (the timeline was cut there). */
  cut(index: number): void {
    const n = upperBound(this.keys, index, same);
    this.asked = null;
    this.newest = this.at(index);
    this.keys.length = n;
    this.patches.truncate(n);
    this.checkpoints.length = Math.ceil(n / PICTURES_PER_CHECKPOINT);
  }

  /** How many pictures differ from the one before (patches kept). */
  get size(): number {
    return this.keys.length;
  }
}
