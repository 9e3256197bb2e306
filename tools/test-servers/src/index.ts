export { freePort } from './free-port';
export { spawnServer, binPath, type RunningServer, type SpawnServerOptions } from './spawn-server';
export { inCI, notRunTitle } from './ci';
export * from './s3rver';
export { startAzurite, AZURITE_ACCOUNT, type RunningAzurite, type StartAzuriteOptions } from './azurite';
export { listenOnLoopback, type LoopbackListener } from './loopback';
export { startRedis, startRedisCluster, ensureRedisServer, type RunningRedis, type RunningRedisCluster, type StartRedisOptions } from './redis';
export { runTs } from './run-ts';
