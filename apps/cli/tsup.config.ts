import { packageBuild } from '../../tools/build/tsup.base.ts';

// The library entry (run, createProgram, EXIT_CODES) and the agentmap-storage bin.
export default packageBuild(['src/index.ts', 'src/bin.ts']);
