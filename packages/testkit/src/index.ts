export { describeObjectStore, expectStorageError, collect, type ObjectStoreSuiteOptions, type ObjectStoreConcern } from './object-store-suite';
export { printedForms, failureOf } from './assertions';
export { describeStalledStreams, type StalledStreamsOptions } from './stalled-streams-suite';
export { patternStream, patternDigest, digestStream, stalledStream, settledWithin } from './streams';
export { describeFaultTolerance, type FaultToleranceOptions, type FaultInjector, type InjectedFault } from './fault-tolerance-suite';
export { unreachableStore, type UnreachableStore, type Unreachable } from './unreachable-store';
export { withLostReplies, appendEach, type LostRepliesOptions, type LossyStore } from './object-store/exactly-once';
