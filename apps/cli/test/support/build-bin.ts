import { createRequire } from 'node:module';
import { rm } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';

const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = join(here, '..', '..');
const rootDir = join(pkgDir, '..', '..');

/** Where the test build of the bin goes: inside the package, so its dependencies resolve as installed. */
export const BIN_DIR = join(pkgDir, 'node_modules', '.cache', 'agentmap-storage-test');
export const BIN = join(BIN_DIR, 'bin.js');

/** Third-party modules installed where the bin can import them by name stay external. */
const resolvable = [join(rootDir, 'node_modules') + sep, join(pkgDir, 'node_modules') + sep];

/**
 * Builds `src/bin.ts` once per test run with tsup, as the release build does, except that the
 * workspace packages are bundled from their sources (the `@agentmap/source` condition), so
 * the tests run a built bin without depending on every sibling package's dist/ being current.
 * Third-party modules stay external unless only a sibling's own node_modules holds them.
 */
export default async function setup(): Promise<void> {
  await rm(BIN_DIR, { recursive: true, force: true });
  await build({
    entry: { bin: join(pkgDir, 'src', 'bin.ts') },
    outDir: BIN_DIR,
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    dts: false,
    sourcemap: false,
    clean: false,
    silent: true,
    // Chunks keep the cloud backends (and their SDKs) loaded only when a command needs them.
    splitting: true,
    skipNodeModulesBundle: false,
    noExternal: [/.*/],
    esbuildOptions(options) {
      options.conditions = ['@agentmap/source'];
      options.banner = { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" };
    },
    esbuildPlugins: [
      {
        name: 'external-installed',
        setup(pluginBuild) {
          pluginBuild.onResolve({ filter: /^[^./]/ }, (args) => {
            if (args.path.startsWith('@agentmap/') || args.path.startsWith('node:') || !args.importer) return undefined;
            let resolved: string;
            try {
              resolved = createRequire(args.importer).resolve(args.path);
            } catch {
              return { path: args.path, external: true };
            }
            if (!resolved.includes(`${sep}node_modules${sep}`)) return undefined;
            const installedAt = resolved.slice(0, resolved.lastIndexOf(`${sep}node_modules${sep}`) + `${sep}node_modules${sep}`.length);
            return resolvable.includes(installedAt) ? { path: args.path, external: true } : undefined;
          });
        },
      },
    ],
  });
}
