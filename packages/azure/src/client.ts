import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import {
  BlobServiceClient,
  type ContainerClient,
  type RequestPolicy,
  type RequestPolicyFactory,
  type StoragePipelineOptions,
  type WebResource,
  newPipeline,
} from '@azure/storage-blob';
import type { ResolvedAuth } from './auth/resolve-auth';
import type { ResolvedSettings } from './options';

/** The SDK client of one container, and the sockets it owns. */
export interface ContainerConnection {
  container: ContainerClient;
  /** Closes the store's own sockets. */
  close(): void;
}

/**
 * Builds the SDK pipeline from the store's settings: the SDK's own retry policy driven by
 * `retryCount` with short delays (its default of 4 s doubling makes a dead server take ~16 s),
 * a per-attempt timeout so a stalled server fails with `TIMEOUT` instead of hanging, and a
 * keep-alive agent owned by the store, bounded by `maxConnections` and closed by `close()`.
 */
export function connectContainer(auth: ResolvedAuth, settings: ResolvedSettings): ContainerConnection {
  const secure = auth.serviceUrl.startsWith('https:');
  const agentOptions = { keepAlive: true, ...(settings.maxConnections === undefined ? {} : { maxSockets: settings.maxConnections }) };
  const agent = secure ? new HttpsAgent(agentOptions) : new HttpAgent(agentOptions);
  const pipelineOptions: StoragePipelineOptions & { agent: HttpAgent } = {
    retryOptions: {
      maxTries: settings.retryCount + 1,
      retryDelayInMs: settings.retryDelayMs,
      maxRetryDelayInMs: Math.max(settings.retryDelayMs, settings.maxRetryDelayMs),
    },
    userAgentOptions: { userAgentPrefix: 'agentmap-storage' },
    // Not in the declared options, but handed to the core pipeline, which sends through it.
    agent,
  };
  const pipeline = newPipeline(auth.credential as Parameters<typeof newPipeline>[0], pipelineOptions);
  pipeline.factories.push(attemptTimeout(settings.timeoutMs));
  const url = auth.sasToken ? `${auth.serviceUrl}?${auth.sasToken}` : auth.serviceUrl;
  const service = new BlobServiceClient(url, pipeline);
  return { container: service.getContainerClient(settings.container), close: () => agent.destroy() };
}

/** Sets the per-attempt timeout the SDK's HTTP client enforces (it aborts the attempt when the answer is late). */
function attemptTimeout(timeoutMs: number): RequestPolicyFactory {
  return {
    create(next: RequestPolicy): RequestPolicy {
      return {
        sendRequest(request: WebResource) {
          request.timeout = timeoutMs;
          return next.sendRequest(request);
        },
      };
    },
  };
}
