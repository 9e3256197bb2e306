import { packageBuild } from '../../tools/build/tsup.base.ts';

// The testing entry imports the service through the package's own name, so dist holds one copy of it.
export default packageBuild({ index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' }, { external: ['@agentmap/storage-csv'] });
