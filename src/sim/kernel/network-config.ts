// How the kernel's network behaves: the latency of every message and how long a broken connection
// takes to be noticed. The scenario carries these (src/sim/scenario-types.ts re-exports them); the
// kernel defines them so it depends on nothing above it.

export interface LatencyModel {
  /**
   * uniform: min + U[0, jitter); normal: min + |N(0, jitter)|; exponential: min + Exp(mean = jitter);
   * each sample whole ms, or whole µs when min or jitter has a fraction (time-grid.ts).
   */
  distribution: 'uniform' | 'normal' | 'exponential';
  /** One-way base latency in ms (≥ 0, a whole number of µs; loopback is ~0.05). */
  min: number;
  /** Spread in ms (≥ 0, a whole number of µs). */
  jitter: number;
}

export interface NetworkConfig {
  latency: LatencyModel;
  /** How long an end takes to learn that a connection broke under a partition or a drop (ms). */
  detectMs: number;
  /**
   * How long every node takes to handle each message it receives (ms, whole µs; omitted: no time,
   * as the engine always ran). A node handles messages one at a time, in arrival order: one that
   * arrives while the node is busy waits. The CPU a real server or client spends per message.
   */
  handleMs?: number;
  /**
   * With handleMs: every node runs on one machine with this many cores (omitted: a core each). A
   * message waits for its node and for a free core, so work from many nodes at once queues, as on
   * the 2-core machine where the real ensemble and its clients were measured (docs/kernel.md).
   */
  cores?: number;
}
