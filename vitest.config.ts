import { defineConfig } from 'vitest/config';

/**
 * Tests whose bounds are wall-clock times (a drain within 5 s, a probe answered while a costly review runs, a
 * connection cut at its timeout, a certificate reload noticed, a deadline answer): on a loaded 2-core machine they
 * failed when other test files ran beside them. They run in a project of their own, one file at a time, after the
 * unit project has finished (`sequence.groupOrder`), so their bounds measure kubeward and not the neighbours.
 */
const TIMING_TESTS = [
  'test/webhook/serve-process.test.ts',
  'test/webhook/connections.test.ts',
  'test/webhook/adversarial.test.ts',
  'test/webhook/tls.test.ts',
  'test/webhook/app.test.ts',
  'test/cluster/partial.test.ts',
];

export default defineConfig({
  test: {
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: TIMING_TESTS, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: { name: 'timing', include: TIMING_TESTS, fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
