export { startFaultProxy, type FaultProxy, type FaultProxyOptions, type FaultProxyStats, type FaultKind } from './fault-proxy';
