import type { SeenRequest } from '@agentmap/test-servers';

/** A request that uploads one part of a multipart upload. */
export const isPartUpload = (r: SeenRequest) => r.method === 'PUT' && /[?&]partNumber=/.test(r.url) && /[?&]uploadId=/.test(r.url);
/** A request that starts a multipart upload. */
export const isMultipartStart = (r: SeenRequest) => r.method === 'POST' && /\?uploads(=|&|$)/.test(r.url);

/**
 * Records what the conditional proxy receives, so tests assert on the wire: headers the
 * backend sends and how many part uploads run at once.
 */
export class RequestRecorder {
  readonly seen: SeenRequest[] = [];
  private partsInFlight = 0;
  private inFlight = 0;
  maxPartsInFlight = 0;
  maxInFlight = 0;

  readonly onRequest = (request: SeenRequest): void => {
    this.seen.push(request);
    this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
    if (isPartUpload(request)) this.maxPartsInFlight = Math.max(this.maxPartsInFlight, ++this.partsInFlight);
  };

  readonly onFinish = (request: SeenRequest): void => {
    this.inFlight--;
    if (isPartUpload(request)) this.partsInFlight--;
  };

  /** Forgets everything seen so far. */
  reset(): void {
    this.seen.length = 0;
    this.maxPartsInFlight = 0;
    this.maxInFlight = 0;
  }

  /** Requests on one key (any method), path-style `/<bucket>/<key>`. */
  on(bucket: string, key: string): SeenRequest[] {
    const path = `/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
    return this.seen.filter((r) => r.url === path || r.url.startsWith(`${path}?`));
  }
}
