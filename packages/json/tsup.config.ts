import { packageBuild } from '../../tools/build/tsup.base.ts';

// The testing entry imports the package by name, so it shares the main entry instead of bundling a copy.
export default packageBuild({ index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' }, { external: ['@agentmap/storage-json', 'vitest'] });
