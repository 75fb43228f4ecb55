// Reading and writing the WebAssembly binary format, just enough to edit glue.wasm before it is
// compiled (./wasm-runtime.ts: the memory's initial size; ./count-hook-patch.ts: luaV_execute).
// The format: https://webassembly.github.io/spec/core/binary/

/** An unsigned LEB128 at `at`: [value, offset after it]. */
export function readLeb(b: Uint8Array, at: number): [number, number] {
  let result = 0;
  let shift = 0;
  let byte: number;
  do {
    byte = b[at++]!;
    result += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [result, at];
}

/** n (≥ 0) as an unsigned LEB128. */
export function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return out;
}

/** n (a 32-bit integer) as a signed LEB128, as `i32.const` takes it. */
export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(byte & 0x40)) || (n === -1 && byte & 0x40)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

/** A section: its id, where its header starts, where its body starts and ends. */
export interface Section {
  id: number;
  at: number;
  body: number;
  end: number;
}

export function sections(bytes: Uint8Array): Section[] {
  const out: Section[] = [];
  let at = 8; // magic and version
  while (at < bytes.length) {
    const id = bytes[at]!;
    const [size, body] = readLeb(bytes, at + 1);
    out.push({ id, at, body, end: body + size });
    at = body + size;
  }
  return out;
}

/** The module with the section `s` replaced by one of the same id with body `body`. */
export function replaceSection(bytes: Uint8Array, s: Section, body: Uint8Array | number[]): Uint8Array {
  const head = [s.id, ...leb(body.length)];
  const out = new Uint8Array(bytes.length - (s.end - s.at) + head.length + body.length);
  out.set(bytes.subarray(0, s.at));
  out.set(head, s.at);
  out.set(body, s.at + head.length);
  out.set(bytes.subarray(s.end), s.at + head.length + body.length);
  return out;
}

/** A function body in the code section. */
export interface Body {
  /** Where the body's size is, where the body (its locals) starts, and where it ends. */
  sizeAt: number;
  start: number;
  end: number;
}

/** The function bodies of a code section, in order (function index minus the imported functions). */
export function functionBodies(bytes: Uint8Array, code: Section): Body[] {
  const [count, first] = readLeb(bytes, code.body);
  const out: Body[] = [];
  let p = first;
  for (let i = 0; i < count; i++) {
    const [size, start] = readLeb(bytes, p);
    out.push({ sizeAt: p, start, end: start + size });
    p = start + size;
  }
  return out;
}

/**
 * One instruction of a function body: its opcode, where it starts and ends, and its first two
 * immediates when they are numbers (an index; a memory access's alignment and offset).
 */
export interface Instr {
  op: number;
  at: number;
  end: number;
  a: number;
  b: number;
}

/**
 * The instructions of the expression from `at` to `end` (a function body after its locals). It
 * runs once per process, mostly before the JIT has warmed up: no destructuring, no iterators.
 */
export function instructions(b: Uint8Array, at: number, end: number): Instr[] {
  const out: Instr[] = [];
  let p = at;
  const u32 = (): number => {
    let result = 0;
    let scale = 1;
    let byte: number;
    do {
      byte = b[p++]!;
      result += (byte & 0x7f) * scale;
      scale *= 128;
    } while (byte & 0x80);
    return result;
  };
  const skip = (): void => {
    while (b[p++]! & 0x80) {}
  };
  while (p < end) {
    const start = p;
    const op = b[p++]!;
    let a = 0;
    let x = 0;
    if (op === 0x02 || op === 0x03 || op === 0x04) {
      // block type: empty (0x40), a value type (one byte, 0x6f-0x7f) or a type index (s33)
      const t = b[p]!;
      if (t === 0x40 || (t >= 0x6f && t <= 0x7f)) p++;
      else skip();
    } else if (op === 0x0c || op === 0x0d || op === 0x10 || (op >= 0x20 && op <= 0x26) || op === 0xd2) {
      a = u32();
    } else if (op === 0x0e) {
      const n = u32();
      for (let i = 0; i <= n; i++) skip();
    } else if (op === 0x11) {
      a = u32();
      skip();
    } else if (op === 0x1c) {
      p += u32();
    } else if (op >= 0x28 && op <= 0x3e) {
      a = u32();
      x = u32();
    } else if (op === 0x3f || op === 0x40 || op === 0xd0) {
      p += 1;
    } else if (op === 0x41 || op === 0x42) {
      skip();
    } else if (op === 0x43) {
      p += 4;
    } else if (op === 0x44) {
      p += 8;
    } else if (op === 0xfc) {
      const sub = u32();
      const immediates = FC_IMMEDIATES[sub];
      if (immediates === undefined) throw new Error(`wasm: unknown instruction 0xfc ${sub} at ${start}`);
      for (let i = 0; i < immediates; i++) skip();
    } else if (
      !(op <= 0x01 || op === 0x05 || op === 0x0b || op === 0x0f || op === 0x1a || op === 0x1b) &&
      !(op >= 0x45 && op <= 0xc4) &&
      op !== 0xd1
    ) {
      throw new Error(`wasm: unknown instruction 0x${op.toString(16)} at ${start}`);
    }
    out.push({ op, at: start, end: p, a, b: x });
  }
  return out;
}

/** LEB128 immediates of the 0xfc instructions (saturating truncations, bulk memory, tables). */
const FC_IMMEDIATES = [0, 0, 0, 0, 0, 0, 0, 0, 2, 1, 2, 1, 2, 1, 2, 1, 1, 1];

/** A function body's local declarations: groups of (count, type), and where its code starts. */
export interface Locals {
  groups: [number, number][];
  /** Locals declared (parameters not included). */
  count: number;
  code: number;
}

export function readLocals(bytes: Uint8Array, body: Body): Locals {
  let at = body.start;
  let n: number;
  [n, at] = readLeb(bytes, at);
  const groups: [number, number][] = [];
  let count = 0;
  for (let g = 0; g < n; g++) {
    let k: number;
    [k, at] = readLeb(bytes, at);
    groups.push([k, bytes[at]!]);
    count += k;
    at += 1;
  }
  return { groups, count, code: at };
}

/** A local declaration section: the given groups, then `extra` more locals of type `type`. */
export function localsWith(locals: Locals, extra: number, type: number): number[] {
  const groups = [...locals.groups, [extra, type] as [number, number]];
  return [...leb(groups.length), ...groups.flatMap(([k, t]) => [...leb(k), t])];
}

/** The module with some function bodies (by index in the code section) replaced. */
export function replaceBodies(
  bytes: Uint8Array,
  code: Section,
  replacements: Map<number, Uint8Array>,
): Uint8Array {
  const bodies = functionBodies(bytes, code);
  const parts: ArrayLike<number>[] = [leb(bodies.length)];
  bodies.forEach((b, i) => {
    const r = replacements.get(i);
    parts.push(r ? [...leb(r.length)] : [], r ?? bytes.subarray(b.sizeAt, b.end));
  });
  return replaceSection(bytes, code, concat(parts));
}

export function concat(parts: ArrayLike<number>[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Whether `seq` occurs in `hay`. */
export function contains(hay: Uint8Array, seq: number[]): boolean {
  outer: for (let i = 0; i + seq.length <= hay.length; i++) {
    for (let j = 0; j < seq.length; j++) if (hay[i + j] !== seq[j]) continue outer;
    return true;
  }
  return false;
}

/** The value type i32. */
export const I32 = 0x7f;

/** Encoded instructions the glue.wasm patches write and look for (immediates as LEB128). */
export const op = {
  localGet: (i: number) => [0x20, ...leb(i)],
  localSet: (i: number) => [0x21, ...leb(i)],
  localTee: (i: number) => [0x22, ...leb(i)],
  /** i32.load / i32.store with 4-byte alignment, i32.load16_u, i32.load8_u at `offset`. */
  load: (offset: number) => [0x28, 2, ...leb(offset)],
  store: (offset: number) => [0x36, 2, ...leb(offset)],
  load16u: (offset: number) => [0x2f, 1, ...leb(offset)],
  load8u: (offset: number) => [0x2d, 0, ...leb(offset)],
  const: (n: number) => [0x41, ...sleb(n)],
  call: (f: number) => [0x10, ...leb(f)],
  and: [0x71],
  eq: [0x46],
  eqz: [0x45],
  gtS: [0x4a],
  sub: [0x6b],
  drop: [0x1a],
  return: [0x0f],
  if: [0x04, 0x40],
  ifI32: [0x04, I32],
  else: [0x05],
  end: [0x0b],
};
