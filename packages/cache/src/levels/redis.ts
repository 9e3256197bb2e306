import { StorageError } from '@agentmap/storage-core';
import KeyvRedis, { createClient, createCluster, type RedisClientOptions } from '@keyv/redis';
import { Keyv } from 'keyv';

/** A Redis level, as the guide configures it (camelCase here; YAML uses snake_case). */
export interface RedisLevelOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://…` for TLS. Or give `host` and `port`. */
  url?: string;
  host?: string;
  port?: number;
  /** Database number (`SELECT`), 0–15 on a default server. */
  db?: number;
  username?: string;
  /** Never logged or put in an error message. */
  password?: string;
  /** Connect over TLS; `true` for the system's CAs, or `{ ca, cert, key, rejectUnauthorized }`. */
  tls?: boolean | { ca?: string; cert?: string; key?: string; rejectUnauthorized?: boolean; servername?: string };
  /** Prefix of every key (the guide's `key_prefix`, e.g. `agentmap:validation:`). */
  keyPrefix?: string;
  /** Cluster mode: these nodes (`redis://host:port`) are the seeds. */
  cluster?: { nodes: string[] };
  /** How long a connection attempt may take. Default 2000 ms. */
  connectTimeoutMs?: number;
}

/** The URL of the options, without credentials (for messages). */
export function redisLocation(options: RedisLevelOptions): string {
  if (options.cluster) return `redis-cluster(${options.cluster.nodes.length} nodes)`;
  if (options.url) {
    try {
      const url = new URL(options.url);
      return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
    } catch {
      return 'redis(unparsable url)';
    }
  }
  return `redis://${options.host ?? '127.0.0.1'}:${options.port ?? 6379}`;
}

/**
 * A Keyv over `@keyv/redis`. The client fails calls at once while disconnected (no offline
 * queue, so nothing hangs) and keeps reconnecting in the background (backoff up to 2 s), so a
 * cache level that lost Redis comes back by itself.
 */
export function createRedisKeyv(options: RedisLevelOptions): Keyv {
  return createRedisLevel(options).keyv;
}

/**
 * The Redis keyv and `ready()`, which opens the connection once however many calls arrive
 * together (the adapter would otherwise start one connect per concurrent first call, and all
 * but one would fail).
 */
export function createRedisLevel(options: RedisLevelOptions): { keyv: Keyv; ready: () => Promise<void> | undefined } {
  const tls = options.tls;
  const socket = {
    connectTimeout: options.connectTimeoutMs ?? 2000,
    reconnectStrategy: (attempts: number) => Math.min(50 * 2 ** attempts, 2000),
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(tls ? { tls: true as const, ...(typeof tls === 'object' ? tls : {}) } : {}),
  };
  const common: RedisClientOptions = {
    socket: socket,
    disableOfflineQueue: true,
    ...(options.username === undefined ? {} : { username: options.username }),
    ...(options.password === undefined ? {} : { password: options.password }),
  };
  let client;
  if (options.cluster) {
    if (!Array.isArray(options.cluster.nodes) || options.cluster.nodes.length === 0) {
      throw new StorageError('INVALID_ARGUMENT', 'A Redis cluster level needs cluster.nodes: a list of redis://host:port seeds.', { provider: 'cache' });
    }
    client = createCluster({
      rootNodes: options.cluster.nodes.map((url) => ({ url })),
      defaults: common,
    });
  } else {
    client = createClient({ ...common, ...(options.url === undefined ? {} : { url: options.url }), ...(options.db === undefined ? {} : { database: options.db }) });
  }
  // The client reports every failed reconnect; the level reports them as warnings instead.
  client.on('error', () => undefined);
  const prefix = options.keyPrefix ?? 'agentmap:cache:';
  const separator = prefix.endsWith(':') ? ':' : '';
  const store = new KeyvRedis(client, {
    namespace: separator ? prefix.slice(0, -1) : prefix,
    keyPrefixSeparator: separator || ':',
    throwOnConnectError: true,
    throwOnErrors: true,
    useUnlink: true,
    connectionTimeout: options.connectTimeoutMs ?? 2000,
  });
  const keyv = new Keyv({ store, namespace: separator ? prefix.slice(0, -1) : prefix, useKeyPrefix: false, throwOnErrors: true });
  keyv.on('error', () => undefined);
  let connecting: Promise<void> | undefined;
  let connected = false;
  const opened = client as { connect(): Promise<unknown> };
  // Undefined once the first connect succeeded (the client reconnects by itself afterwards,
  // and calls made meanwhile fail at once), so the hot path awaits nothing; a failed connect
  // is tried again by the next call.
  const ready = (): Promise<void> | undefined =>
    connected
      ? undefined
      : (connecting ??= opened.connect().then(
          () => {
            connected = true;
          },
          (error: unknown) => {
            connecting = undefined;
            throw error;
          },
        ));
  return { keyv, ready };
}
