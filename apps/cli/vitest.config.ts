import { mergeConfig } from 'vitest/config';
import { packageTests } from '../../tools/build/vitest.base.ts';

// The tests run the bin that test/support/build-bin.ts builds once per run; each spawns it
// several times, which takes long on a loaded machine.
export default mergeConfig(packageTests({ testTimeout: 180_000, isolate: false }), { test: { globalSetup: ['./test/support/build-bin.ts'] } });
