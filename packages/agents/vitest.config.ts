import { packageTests } from '../../tools/build/vitest.base.ts';

// The test files share no state (each makes its own directory), so one worker may run several
// of them on one module graph: the agents import every service, and loading them once per
// worker instead of once per file keeps the suite fast on 2 cores.
export default packageTests({ isolate: false });
