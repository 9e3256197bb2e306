/** One request's deadline joined with the caller's signal; see {@link requestDeadline}. */
export interface RequestDeadline {
  /** Aborts when the deadline passes or the caller aborts. */
  readonly signal: AbortSignal;
  /** True once the deadline, not the caller, ended the request. */
  readonly timedOut: boolean;
  /** Clears the timer and stops following the caller's signal: call it when the answer has been read. */
  done(): void;
}

/**
 * A deadline of `timeoutMs` for one request, following the caller's `signal` too: one
 * AbortController whose timer is cleared when the request ends. `AbortSignal.timeout` would
 * keep a timer alive for the whole timeout after every request, and `AbortSignal.any` keeps the
 * caller's long-lived signal linked to every request's.
 */
export function requestDeadline(timeoutMs: number, signal?: AbortSignal): RequestDeadline {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError'));
  }, timeoutMs);
  const onAbort = () => controller.abort(signal?.reason);
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    },
  };
}
