// SHA-256 over a stream of text lines, fed to the hash in large chunks: a hash costs far more per
// update() call than per byte, and a trace line is ~120 bytes. The digest is that of the UTF-8
// bytes of everything added, exactly as if each line were hashed on its own. Events are written
// as canonical UTF-8 straight into the chunk (addEvent), so no line string is built for the hash.
//
// Where the host has a native SHA-256 without an import (Node's node:crypto through
// process.getBuiltinModule, Node ≥ 20.16) it is used: about 10× noble's speed on this machine,
// and the same digest, since SHA-256 is SHA-256 (test/unit/trace-canonical.test.ts compares them).
// Browsers have no synchronous native hash (SubtleCrypto is asynchronous): noble there.
import { sha256 } from '@noble/hashes/sha2.js';
import { CanonicalWriter } from './canonical.ts';
import type { TraceEvent } from './event.ts';

/** Bytes gathered before they are hashed at once. */
const CHUNK_BYTES = 64 * 1024;

/** What the hasher needs of a SHA-256: node:crypto's Hash and noble's both fit through adapters. */
interface Sha256State {
  update(bytes: Uint8Array): void;
  /** The digest so far, leaving the state able to go on. */
  peek(): Uint8Array;
}

interface NodeHash {
  update(data: Uint8Array): NodeHash;
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
  update(bytes: Uint8Array): void {
    this.hash.update(bytes);
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
  update(bytes: Uint8Array): void {
    this.hash.update(bytes);
  }
  peek(): Uint8Array {
    return new Uint8Array(this.hash.copy().digest());
  }
}

export class LineHasher {
  private readonly state: Sha256State;
  private readonly chunk = new CanonicalWriter(CHUNK_BYTES + 4096);
  /** Whether this hasher uses the host's native SHA-256. */
  readonly native: boolean;

  /** `native: false` forces the portable implementation (tests compare the two). */
  constructor(options: { native?: boolean } = {}) {
    if (createNative === undefined) createNative = nativeCreateHash();
    this.native = options.native !== false && createNative !== null;
    this.state = this.native && createNative ? new NativeState(createNative) : new NobleState();
  }

  add(text: string): void {
    this.chunk.text(text);
    if (this.chunk.length >= CHUNK_BYTES) this.flush();
  }

  /** Add the event's canonical line and its "\n" (nothing, and an error, when it cannot be written). */
  addEvent(event: TraceEvent): void {
    this.chunk.line(event);
    if (this.chunk.length >= CHUNK_BYTES) this.flush();
  }

  /** The digest of everything added so far; adding may go on afterwards. */
  digest(): Uint8Array {
    this.flush();
    return this.state.peek();
  }

  private flush(): void {
    if (this.chunk.length === 0) return;
    // update() has read the bytes when it returns (both implementations copy into their state).
    this.state.update(this.chunk.bytes.subarray(0, this.chunk.length));
    this.chunk.length = 0;
  }
}
