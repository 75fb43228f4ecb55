// ZooKeeper's jute binary encoding (BinaryOutputArchive / BinaryInputArchive): big-endian int (4)
// and long (8), boolean as one byte, ustring and buffer as an int length and the bytes (null is
// length -1), vector<T> as an int count and the items (null is -1). Records have no framing of their
// own; a frame on the socket is an int length and that many bytes. Pure: no I/O, works in Node and
// in the browser.

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

export class JuteWriter {
  private buf = new Uint8Array(256);
  private view = new DataView(this.buf.buffer);
  private len = 0;

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  int(v: number): this {
    this.room(4);
    this.view.setInt32(this.len, v);
    this.len += 4;
    return this;
  }

  long(v: number | bigint): this {
    this.room(8);
    this.view.setBigInt64(this.len, BigInt.asIntN(64, BigInt(v)));
    this.len += 8;
    return this;
  }

  bool(v: boolean): this {
    this.room(1);
    this.buf[this.len++] = v ? 1 : 0;
    return this;
  }

  buffer(bytes: Uint8Array | null): this {
    if (bytes === null) return this.int(-1);
    this.int(bytes.length);
    this.room(bytes.length);
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
    return this;
  }

  ustring(s: string | null): this {
    return this.buffer(s === null ? null : utf8.encode(s));
  }

  strings(list: readonly string[]): this {
    this.int(list.length);
    for (const s of list) this.ustring(s);
    return this;
  }

  get length(): number {
    return this.len;
  }

  bytes(): Uint8Array {
    return this.buf.slice(0, this.len);
  }

  /** The record with its frame: the int length, then the bytes. */
  frame(): Uint8Array {
    const out = new Uint8Array(this.len + 4);
    new DataView(out.buffer).setInt32(0, this.len);
    out.set(this.buf.subarray(0, this.len), 4);
    return out;
  }
}

export class JuteError extends Error {}

export class JuteReader {
  private pos = 0;
  private readonly view: DataView;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private need(n: number): void {
    if (this.pos + n > this.bytes.length)
      throw new JuteError(`record ends early: ${n} byte(s) wanted at ${this.pos} of ${this.bytes.length}`);
  }

  int(): number {
    this.need(4);
    const v = this.view.getInt32(this.pos);
    this.pos += 4;
    return v;
  }

  /** A long as a bigint (session ids use all 64 bits). */
  bigLong(): bigint {
    this.need(8);
    const v = this.view.getBigInt64(this.pos);
    this.pos += 8;
    return v;
  }

  /** A long as a number: zxids and times, exact below 2^53. */
  long(): number {
    return Number(this.bigLong());
  }

  bool(): boolean {
    this.need(1);
    return this.bytes[this.pos++] !== 0;
  }

  buffer(): Uint8Array | null {
    const n = this.int();
    if (n < 0) return null;
    this.need(n);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  ustring(): string | null {
    const b = this.buffer();
    return b === null ? null : fromUtf8.decode(b);
  }

  strings(): string[] {
    const n = this.int();
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(this.ustring() ?? '');
    return out;
  }

  get remaining(): number {
    return this.bytes.length - this.pos;
  }
}

/**
 * Splits a byte stream into frames (int length + body). A length below 0 or above `max` is an
 * error, as NIOServerCnxn#readLength treats it on the server side.
 */
export class FrameSplitter {
  private pending = new Uint8Array(0);

  constructor(private readonly max = 0x7fffffff) {}

  push(chunk: Uint8Array): Uint8Array[] {
    const all = new Uint8Array(this.pending.length + chunk.length);
    all.set(this.pending);
    all.set(chunk, this.pending.length);
    const frames: Uint8Array[] = [];
    let at = 0;
    while (all.length - at >= 4) {
      const len = new DataView(all.buffer, at, 4).getInt32(0);
      if (len < 0 || len > this.max) throw new JuteError(`bad frame length ${len}`);
      if (all.length - at - 4 < len) break;
      frames.push(all.slice(at + 4, at + 4 + len));
      at += 4 + len;
    }
    this.pending = all.slice(at);
    return frames;
  }
}
