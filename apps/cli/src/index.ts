// The programmatic side of the agentmap-storage command line.
export { run, createProgram } from './program';
export { EXIT_CODES, exitCodeFor } from './exit-codes';
export type { Io, GlobalOptions } from './io';
