import { packageTests } from '../../tools/build/vitest.base.ts';

export default packageTests({ isolate: false });
