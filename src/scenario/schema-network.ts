// The scenario's `network` object: the latency model and how long a broken connection takes to be
// noticed (docs/kernel.md). Latencies may be fractions of a ms down to the µs (loopback is ~0.05 ms),
// which puts the run on the µs grid (kernel/time-grid.ts); detectMs stays whole ms.
import type { LatencyModel, NetworkConfig } from '../sim/scenario-types.ts';
import {
  type Check,
  type Covers,
  childPath,
  isRecord,
  microTime,
  oneOf,
  own,
  positiveInteger,
  time,
  withExtra,
} from './check-kit.ts';
import { defaulted, object, optional } from './check-object.ts';
import { SCENARIO_DEFAULTS } from './defaults.ts';

const DISTRIBUTIONS = ['uniform', 'normal', 'exponential'] as const satisfies LatencyModel['distribution'][];
const _coversDistributions: Covers<(typeof DISTRIBUTIONS)[number], LatencyModel['distribution']> = true;

const fields = object('a network object', {
  latency: defaulted(
    object('a latency object', {
      distribution: defaulted(
        oneOf(DISTRIBUTIONS, 'distribution'),
        SCENARIO_DEFAULTS.network.latency.distribution,
      ),
      min: defaulted(microTime, SCENARIO_DEFAULTS.network.latency.min),
      jitter: defaulted(microTime, SCENARIO_DEFAULTS.network.latency.jitter),
    }),
    SCENARIO_DEFAULTS.network.latency,
  ),
  detectMs: defaulted(time, SCENARIO_DEFAULTS.network.detectMs),
  // Kept only when given, so documents without it (and their links) are as they were.
  handleMs: optional(microTime),
  cores: optional(positiveInteger),
});

// Cores share out the time messages take to handle: without handleMs they would have nothing to do.
export const networkCheck: Check<NetworkConfig> = withExtra(fields, (value, at, errors) => {
  if (isRecord(value) && own(value, 'cores') !== undefined && own(value, 'handleMs') === undefined)
    errors.push({
      path: childPath(at, 'cores'),
      message: 'cores shares out the time set by handleMs: give handleMs too (e.g. "handleMs": 0.15)',
    });
});
