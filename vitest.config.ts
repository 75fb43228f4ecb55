import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/property/**/*.test.ts', 'test/live/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    // Test files share their worker processes: every file importing the simulator and its Lua
    // build anew cost more than the tests themselves (no test relies on a fresh module state).
    isolate: false,
    // One worker per core: vitest's default leaves one core to itself, which on CI's 2 cores ran
    // the files one at a time (105 s instead of 78 s for the whole suite).
    maxWorkers: availableParallelism(),
  },
});
