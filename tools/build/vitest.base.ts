import { defineConfig } from 'vitest/config';

/**
 * Shared vitest settings: sibling packages resolve to their TypeScript sources through the
 * `@agentmap/source` export condition, so tests never need a build first.
 */
export function packageTests(overrides: { testTimeout?: number; include?: string[] } = {}) {
  return defineConfig({
    ssr: { resolve: { conditions: ['@agentmap/source'] } },
    resolve: { conditions: ['@agentmap/source'] },
    test: {
      include: overrides.include ?? ['test/**/*.test.ts', 'src/**/*.test.ts'],
      testTimeout: overrides.testTimeout ?? 60_000,
      hookTimeout: 120_000,
      pool: 'forks',
      reporters: ['default'],
    },
  });
}
