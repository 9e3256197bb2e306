import { abortError } from '../errors/storage-error';

interface Waiter {
  grant: () => void;
  reject: (error: unknown) => void;
}

/**
 * A counting semaphore that grants slots strictly in arrival order (FIFO), so no caller
 * starves. A waiter whose AbortSignal fires leaves the queue without taking a slot.
 */
export class FifoSemaphore {
  private active = 0;
  private readonly queue: Waiter[] = [];

  constructor(readonly capacity: number) {}

  /** Calls holding a slot now. */
  get inUse(): number {
    return this.active;
  }

  /** Calls waiting for a slot. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Waits for a slot; resolves with the function that gives it back (call it exactly once). */
  acquire(signal?: AbortSignal, provider?: string): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(abortError(signal, provider));
    if (this.active < this.capacity && this.queue.length === 0) {
      this.active++;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        const index = this.queue.indexOf(waiter);
        if (index !== -1) this.queue.splice(index, 1);
        reject(abortError(signal, provider));
      };
      const waiter: Waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(this.releaser());
        },
        reject,
      };
      this.queue.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.queue.shift();
      // The slot passes straight to the next waiter, so a newcomer cannot overtake it.
      if (next) next.grant();
      else this.active--;
    };
  }
}
