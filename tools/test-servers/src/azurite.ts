import { freePort } from './free-port';
import { binPath, spawnServer } from './spawn-server';

/** Azurite's well-known development account (published by Microsoft; not a secret). */
export const AZURITE_ACCOUNT = {
  accountName: 'devstoreaccount1',
  accountKey: 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
} as const;

export interface RunningAzurite {
  /** The blob service endpoint: `http://127.0.0.1:<port>/devstoreaccount1`. */
  endpoint: string;
  /** A connection string for the development account at this port. */
  connectionString: string;
  accountName: string;
  accountKey: string;
  port: number;
  /** Stops Azurite; everything it held is gone (it keeps data in memory only). */
  stop(): Promise<void>;
}

export interface StartAzuriteOptions {
  /** Port to listen on; a free one by default (give the old port to restart on it). */
  port?: number;
  /** Serve https with this PEM certificate and key (paths); the endpoint is then https. */
  tls?: { cert: string; key: string };
  /** Accept OAuth bearer tokens (Azurite's `--oauth basic`, which needs `tls`): checks audience, issuer and expiry, not signatures. */
  oauth?: boolean;
}

/**
 * Starts Azurite's blob service on a loopback port, data in memory, telemetry off, and the
 * API version check skipped (without it every call from a newer SDK fails with 400). Throws
 * with Azurite's output when it cannot start, so the test run fails loudly.
 */
export async function startAzurite(options: StartAzuriteOptions = {}): Promise<RunningAzurite> {
  const port = options.port ?? (await freePort());
  const server = await spawnServer({
    name: 'Azurite',
    command: process.execPath,
    args: [
      binPath('azurite', 'azurite-blob'),
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      String(port),
      '--inMemoryPersistence',
      '--disableTelemetry',
      '--skipApiVersionCheck',
      '--silent',
      ...(options.tls ? ['--cert', options.tls.cert, '--key', options.tls.key] : []),
      ...(options.oauth ? ['--oauth', 'basic'] : []),
    ],
    port,
  });
  const protocol = options.tls ? 'https' : 'http';
  const endpoint = `${protocol}://127.0.0.1:${port}/${AZURITE_ACCOUNT.accountName}`;
  return {
    endpoint,
    connectionString: `DefaultEndpointsProtocol=${protocol};AccountName=${AZURITE_ACCOUNT.accountName};AccountKey=${AZURITE_ACCOUNT.accountKey};BlobEndpoint=${endpoint};`,
    ...AZURITE_ACCOUNT,
    port,
    stop: () => server.stop(),
  };
}
