import { packageBuild } from '../../tools/build/tsup.base.ts';

export default packageBuild({ index: 'src/index.ts', kit: 'src/kit.ts' });
