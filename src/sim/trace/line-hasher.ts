// SHA-256 over a stream of text lines, fed to the hash in large chunks: a hash costs far more per
// update() call than per byte, and a trace line is ~150 bytes. The digest is that of the UTF-8
// bytes of everything added, exactly as if each line were hashed on its own.
//
// Where the host has a native SHA-256 without an import (Node's node:crypto through
// process.getBuiltinModule, Node ≥ 20.16) it is used: about 10× noble's speed on this machine,
// and the same digest, since SHA-256 is SHA-256 (test/unit/trace-canonical.test.ts compares them).
// Browsers have no synchronous native hash (SubtleCrypto is asynchronous): noble there.
import { sha256 } from '@noble/hashes/sha2.js';

/** Characters gathered before they are encoded and hashed at once. */
const CHUNK_CHARS = 64 * 1024;

/** What the hasher needs of a SHA-256: node:crypto's Hash and noble's both fit through adapters. */
interface Sha256State {
  update(text: string): void;
  /** The digest so far, leaving the state able to go on. */
  peek(): Uint8Array;
}

interface NodeHash {
  update(data: string, encoding: 'utf8'): NodeHash;
  copy(): NodeHash;
  digest(): Uint8Array;
}
type CreateHash = (algorithm: 'sha256') => NodeHash;

function nativeCreateHash(): CreateHash | null {
  const p = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const crypto = p?.getBuiltinModule?.('node:crypto') as { createHash?: CreateHash } | undefined;
  return crypto?.createHash ?? null;
}

let createNative: CreateHash | null | undefined;

class NobleState implements Sha256State {
  private readonly hash = sha256.create();
  /** Reused encoding buffer: UTF-8 needs at most 3 bytes per UTF-16 code unit. */
  private bytes = new Uint8Array(3 * CHUNK_CHARS + 1024);
  private readonly encoder = new TextEncoder();
  update(text: string): void {
    if (this.bytes.length < 3 * text.length) this.bytes = new Uint8Array(3 * text.length);
    const { written } = this.encoder.encodeInto(text, this.bytes);
    this.hash.update(this.bytes.subarray(0, written));
  }
  peek(): Uint8Array {
    return this.hash.clone().digest();
  }
}

class NativeState implements Sha256State {
  private readonly hash: NodeHash;
  constructor(create: CreateHash) {
    this.hash = create('sha256');
  }
  update(text: string): void {
    this.hash.update(text, 'utf8');
  }
  peek(): Uint8Array {
    return new Uint8Array(this.hash.copy().digest());
  }
}

export class LineHasher {
  private readonly state: Sha256State;
  private pending = '';
  /** Whether this hasher uses the host's native SHA-256. */
  readonly native: boolean;

  /** `native: false` forces the portable implementation (tests compare the two). */
  constructor(options: { native?: boolean } = {}) {
    if (createNative === undefined) createNative = nativeCreateHash();
    this.native = options.native !== false && createNative !== null;
    this.state = this.native && createNative ? new NativeState(createNative) : new NobleState();
  }

  add(text: string): void {
    this.pending += text;
    if (this.pending.length >= CHUNK_CHARS) this.flush();
  }

  /** The digest of everything added so far; adding may go on afterwards. */
  digest(): Uint8Array {
    this.flush();
    return this.state.peek();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.state.update(this.pending);
    this.pending = '';
  }
}
