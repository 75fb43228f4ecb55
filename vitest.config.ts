import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/property/**/*.test.ts', 'test/live/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    // Test files share their worker processes: every file importing the simulator and its Lua
    // build anew cost more than the tests themselves (no test relies on a fresh module state).
    isolate: false,
  },
});
