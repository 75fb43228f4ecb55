// Who can reach whom, and how long a message takes. The network knows nothing of connections or
// ZooKeeper: the world asks it about directed links (from → to).
import type { LatencyModel, NetworkConfig } from './network-config.ts';
import type { RngStream } from './rng.ts';
import { resolutionOf, US_PER_MS } from './time-grid.ts';
import type { NodeId } from './types.ts';

interface LinkFault {
  extraDelay: number;
  dropRate: number;
}

const linkKey = (from: NodeId, to: NodeId) => `${from}>${to}`;

/**
 * No packet takes less than this (ms), by the model's time resolution (time-grid.ts): whole-ms
 * latencies keep the engine's original 1 ms; sub-ms ones (loopback) go down to 1 µs. Never zero: two
 * nodes that answer each other's messages (a LOOKING voter and an observer do, as in ZooKeeper's
 * FastLeaderElection) must not be able to exchange an endless stream of them without time moving.
 */
export const LATENCY_FLOOR_MS = { ms: 1, us: 1 / US_PER_MS } as const;

export class Network {
  /** node → partition group index; nodes in no listed group share the implicit group -1. */
  private group = new Map<NodeId, number>();
  private cuts = new Set<string>();
  private faults = new Map<string, LinkFault>();
  private readonly floor: number;

  constructor(
    private readonly config: NetworkConfig,
    private readonly rng: RngStream,
  ) {
    this.floor = LATENCY_FLOOR_MS[resolutionOf(config.latency)];
  }

  /** Whole ms ('ms', as the engine always ran) or the µs grid ('us'): see time-grid.ts. */
  get resolution(): 'ms' | 'us' {
    return resolutionOf(this.config.latency);
  }

  /**
   * The least one-way latency any packet can have in this run: the model's min, never below the
   * floor (per-link delays only add). World#stepBatch batches within it: nothing sent later can
   * arrive sooner.
   */
  get minLatency(): number {
    return Math.max(this.floor, this.config.latency.min);
  }

  get detectMs(): number {
    return this.config.detectMs;
  }

  partition(groups: NodeId[][]): void {
    this.group.clear();
    groups.forEach((g, i) => {
      for (const n of g) this.group.set(n, i);
    });
  }

  heal(): void {
    this.group.clear();
    this.cuts.clear();
  }

  cut(from: NodeId, to: NodeId, on: boolean): void {
    if (on) this.cuts.add(linkKey(from, to));
    else this.cuts.delete(linkKey(from, to));
  }

  setDelay(from: NodeId, to: NodeId, ms: number): void {
    this.linkFault(from, to).extraDelay = ms;
  }

  setDropRate(from: NodeId, to: NodeId, rate: number): void {
    this.linkFault(from, to).dropRate = rate;
  }

  /** Can a packet go from → to right now (ignoring whether the nodes are up)? */
  canSend(from: NodeId, to: NodeId): boolean {
    if (this.cuts.has(linkKey(from, to))) return false;
    return (this.group.get(from) ?? -1) === (this.group.get(to) ?? -1);
  }

  /** A TCP connection needs both directions. */
  canConnect(a: NodeId, b: NodeId): boolean {
    return this.canSend(a, b) && this.canSend(b, a);
  }

  /**
   * One-way latency of the next packet on from → to (ms, in whole ms or whole µs by the model's
   * resolution), never below the floor (LATENCY_FLOOR_MS).
   */
  latency(from: NodeId, to: NodeId): number {
    const ms = sampleLatency(this.config.latency, this.rng) + (this.linkFaultOf(from, to)?.extraDelay ?? 0);
    return Math.max(this.floor, ms);
  }

  /** Some link has a drop rate: a send may then break a connection other nodes are receiving on. */
  hasDrops(): boolean {
    for (const f of this.faults.values()) if (f.dropRate > 0) return true;
    return false;
  }

  /** Does this packet get lost? Draws from the network stream only on links with a drop rate. */
  drops(from: NodeId, to: NodeId): boolean {
    const rate = this.linkFaultOf(from, to)?.dropRate ?? 0;
    return rate > 0 && this.rng.float() < rate;
  }

  /** The link's delay and drop rate, if any were set; no key is built while no link has any. */
  private linkFaultOf(from: NodeId, to: NodeId): LinkFault | undefined {
    return this.faults.size === 0 ? undefined : this.faults.get(linkKey(from, to));
  }

  private linkFault(from: NodeId, to: NodeId): LinkFault {
    const key = linkKey(from, to);
    let f = this.faults.get(key);
    if (!f) {
      f = { extraDelay: 0, dropRate: 0 };
      this.faults.set(key, f);
    }
    return f;
  }
}

// Only IEEE-exact operations (+ − × ÷, Math.round/floor and comparisons) are used below: Math.log and
// Math.cos may differ in the last bit between JavaScript engines, and a link must replay identically
// in any browser. A sample is a whole number of the model's unit — 1 ms, or 1 µs for a model with a
// fraction of a ms (time-grid.ts) — drawn with the same formula and the same draws either way: with
// `per` = 1 the arithmetic is exactly the engine's original whole-ms sampling.
export function sampleLatency(model: LatencyModel, rng: RngStream): number {
  const per = resolutionOf(model) === 'us' ? US_PER_MS : 1;
  const min = Math.round(model.min * per);
  const jitter = Math.round(model.jitter * per);
  if (jitter === 0) return min / per;
  switch (model.distribution) {
    case 'uniform':
      return (min + Math.floor(rng.float() * jitter)) / per;
    case 'normal': {
      // Irwin–Hall: the sum of 12 uniforms minus 6 is close to N(0, 1); |·| keeps latency ≥ min.
      let z = -6;
      for (let i = 0; i < 12; i++) z += rng.float();
      return (min + Math.round(Math.abs(z) * jitter)) / per;
    }
    case 'exponential':
      return (min + Math.round(-exactLn(1 - rng.float()) * jitter)) / per;
  }
}

/** Natural log for x in (0, 1], by halving into [0.5, 1) and the atanh series. */
export function exactLn(x: number): number {
  let k = 0;
  while (x < 0.5) {
    x *= 2;
    k++;
  }
  const y = (x - 1) / (x + 1);
  const y2 = y * y;
  let term = y;
  let sum = 0;
  for (let n = 1; n < 60; n += 2) {
    sum += term / n;
    term *= y2;
  }
  return 2 * sum - k * Math.LN2;
}
