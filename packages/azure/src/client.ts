import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { BlobServiceClient, type ContainerClient, type StoragePipelineOptions, newPipeline } from '@azure/storage-blob';
import type { ResolvedAuth } from './auth/resolve-auth';
import type { ResolvedSettings } from './options';
import { REPLAYED_HEADER } from './errors';

/** The SDK client of one container, and the sockets it owns. */
export interface ContainerConnection {
  container: ContainerClient;
  /** Closes the store's own sockets. */
  close(): void;
}

/**
 * Builds the SDK pipeline from the store's settings: the SDK's own retry policy, which retries
 * each request on its own (one staged block, one listing page), driven by `retries`
 * (`maxTries = retries + 1`) with short delays (its default of 4 s doubling makes a dead
 * server take ~16 s),
 * a per-attempt timeout so a stalled server is retried and then fails with `TIMEOUT` instead
 * of hanging, and a keep-alive agent owned by the store, bounded by `maxConnections` and
 * closed by `close()`.
 */
export function connectContainer(auth: ResolvedAuth, settings: ResolvedSettings): ContainerConnection {
  const secure = auth.serviceUrl.startsWith('https:');
  const agentOptions = { keepAlive: true, ...(settings.maxConnections === undefined ? {} : { maxSockets: settings.maxConnections }) };
  const agent = secure ? new HttpsAgent(agentOptions) : new HttpAgent(agentOptions);
  const pipelineOptions: StoragePipelineOptions & { agent: HttpAgent } = {
    retryOptions: {
      maxTries: settings.retries + 1,
      retryDelayInMs: settings.retryDelayMs,
      maxRetryDelayInMs: Math.max(settings.retryDelayMs, settings.maxRetryDelayMs),
    },
    userAgentOptions: { userAgentPrefix: 'agentmap-storage' },
    // Not in the declared options, but handed to the core pipeline, which sends through it.
    agent,
  };
  const url = auth.sasToken ? `${auth.serviceUrl}?${auth.sasToken}` : auth.serviceUrl;
  const service = new TunedServiceClient(url, newPipeline(auth.credential, pipelineOptions));
  service.limitAttempts(settings.timeoutMs);
  service.retryGatewayAnswers();
  service.countAttempts();
  // Clients made from the service share its pipeline, timeout policy included.
  return { container: service.getContainerClient(settings.container), close: () => agent.destroy() };
}

/**
 * Answers the SDK's retry policy leaves alone (it retries 500 and 503 only) but that every
 * backend retries: a request timeout, throttling and gateway failures.
 */
const ALSO_RETRIED: ReadonlySet<number> = new Set([408, 429, 502, 504]);

/** The service client, with access to its pipeline (a protected member) to add its policies. */
class TunedServiceClient extends BlobServiceClient {
  /**
   * Bounds each attempt: past `timeoutMs` without an answer the attempt is aborted and reported
   * to the retry policy as a retryable network timeout; an abort by the caller stays an abort.
   */
  limitAttempts(timeoutMs: number): void {
    this.storageClientContext.pipeline.addPolicy(
      {
        name: 'agentmapAttemptTimeout',
        async sendRequest(request, next) {
          request.timeout = timeoutMs;
          try {
            return await next(request);
          } catch (error) {
            if ((error as Error | undefined)?.name !== 'AbortError' || request.abortSignal?.aborted) throw error;
            throw Object.assign(new Error(`No answer within ${timeoutMs} ms.`), { name: 'RestError', code: 'ETIMEDOUT', cause: error });
          }
        },
      },
      { afterPhase: 'Retry' },
    );
  }

  /**
   * Marks the answer to a repeated attempt of one request (REPLAYED_HEADER): a conditional put
   * refused on a replay may have met its own earlier attempt, whose answer was lost.
   */
  countAttempts(): void {
    const attempts = new WeakMap<object, number>();
    this.storageClientContext.pipeline.addPolicy(
      {
        name: 'agentmapCountAttempts',
        async sendRequest(request, next) {
          const attempt = (attempts.get(request) ?? 0) + 1;
          attempts.set(request, attempt);
          const response = await next(request);
          if (attempt > 1) response.headers.set(REPLAYED_HEADER, String(attempt));
          return response;
        },
      },
      { afterPhase: 'Retry' },
    );
  }

  /**
   * Hands a 408, 429, 502 or 504 answer to the SDK's retry policy as a failed attempt it retries
   * (status 503, as the policy only knows that word for "busy"), keeping the real status in
   * `answeredStatus` for the error the caller finally gets.
   */
  retryGatewayAnswers(): void {
    this.storageClientContext.pipeline.addPolicy(
      {
        name: 'agentmapRetryGatewayAnswers',
        async sendRequest(request, next) {
          const response = await next(request);
          if (!ALSO_RETRIED.has(response.status)) return response;
          throw Object.assign(new Error(`The service answered ${response.status}.`), {
            name: 'RestError',
            statusCode: 503,
            answeredStatus: response.status,
            // No request or response on it: they carry the signature and the SAS query.
            code: response.headers.get('x-ms-error-code') ?? undefined,
          });
        },
      },
      { afterPhase: 'Retry' },
    );
  }
}
