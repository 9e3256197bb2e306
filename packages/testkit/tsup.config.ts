import { packageBuild } from '../../tools/build/tsup.base.ts';

export default packageBuild({ index: 'src/index.ts', 'vector/index': 'src/vector/index.ts', 'cache/index': 'src/cache/index.ts' });
