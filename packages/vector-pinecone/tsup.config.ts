import { packageBuild } from '../../tools/build/tsup.base.ts';

export default packageBuild();
