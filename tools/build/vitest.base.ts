import { defineConfig } from 'vitest/config';

export interface PackageTestOptions {
  testTimeout?: number;
  include?: string[];
  /**
   * `false` runs a package's test files one after another on one module graph per worker
   * instead of re-importing every module for each file: on 2 cores, import and transform are a
   * large share of a suite's time. Only for packages whose test files leave no state behind
   * for the next file (environment variables restored, no fake timers or patched globals left
   * installed, no module-level registrations a later file would see). Default `true`.
   */
  isolate?: boolean;
}

/**
 * Shared vitest settings: sibling packages resolve to their TypeScript sources through the
 * `@agentmap/source` export condition, so tests never need a build first.
 */
export function packageTests(overrides: PackageTestOptions = {}) {
  return defineConfig({
    ssr: { resolve: { conditions: ['@agentmap/source'] } },
    resolve: { conditions: ['@agentmap/source'] },
    test: {
      include: overrides.include ?? ['test/**/*.test.ts', 'src/**/*.test.ts'],
      testTimeout: overrides.testTimeout ?? 60_000,
      hookTimeout: 120_000,
      pool: 'forks',
      isolate: overrides.isolate ?? true,
      reporters: ['default'],
    },
  });
}
