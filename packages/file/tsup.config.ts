import { packageBuild } from '../../tools/build/tsup.base.ts';

// Two entry points: the service, and the reusable behaviour suite under ./testing.
export default packageBuild(['src/index.ts', 'src/testing/index.ts']);
