import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GcsState } from './store';

/** What every route handler gets. */
export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  state: GcsState;
  url: URL;
  query: URLSearchParams;
  /** `http://127.0.0.1:<port>` as the client addressed the server (for Location and links). */
  baseUrl: string;
  /** Public keys by service-account email, for verifying V4 signed URLs. */
  signingKeys: ReadonlyMap<string, string>;
  /** Most entries a listing page holds, whatever maxResults asks (GCS may return short pages). */
  pageCap?: number;
  /** Most bytes one rewrite call copies, whatever maxBytesRewrittenPerCall asks (GCS decides this for large objects). */
  rewriteCap?: number;
  /** Faults to inject, changed by tests while the server runs. */
  faults: GcsTestServerFaults;
}

/** Misbehaviour a test can ask of the server, to see how a client copes. */
export interface GcsTestServerFaults {
  /**
   * Resumable sessions still to commit early: the next this many sessions commit the bytes
   * they hold when a non-final chunk arrives and answer 200 with that (truncated) object, as
   * if the upload were complete. Counts down as sessions do it.
   */
  earlyCommits: number;
}
