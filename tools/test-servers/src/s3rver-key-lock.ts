/** Releases a lock taken with {@link KeyLocks.acquire}; calling it twice is harmless. */
export type Release = () => void;

interface Waiter {
  exclusive: boolean;
  grant: () => void;
}

interface KeyState {
  readers: number;
  writer: boolean;
  waiting: Waiter[];
}

/**
 * Readers-writer locks by key, granted in arrival order: readers share a key, a writer has it
 * alone, and a waiting writer holds back readers that arrive after it (so writers never
 * starve). Used by the conditional proxy so that a precondition check and the write it
 * guards happen with no other write, or torn read, of the same key in between.
 */
export class KeyLocks {
  private readonly states = new Map<string, KeyState>();

  /** Resolves once the lock on `key` is held; call the returned function to release it. */
  acquire(key: string, exclusive: boolean): Promise<Release> {
    const state = this.states.get(key) ?? { readers: 0, writer: false, waiting: [] };
    this.states.set(key, state);
    return new Promise<Release>((resolve) => {
      state.waiting.push({ exclusive, grant: () => resolve(this.releaser(key, state, exclusive)) });
      this.drain(key, state);
    });
  }

  private releaser(key: string, state: KeyState, exclusive: boolean): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (exclusive) state.writer = false;
      else state.readers--;
      this.drain(key, state);
    };
  }

  private drain(key: string, state: KeyState): void {
    while (state.waiting.length > 0 && !state.writer) {
      const next = state.waiting[0]!;
      if (next.exclusive && state.readers > 0) break;
      state.waiting.shift();
      if (next.exclusive) state.writer = true;
      else state.readers++;
      next.grant();
    }
    if (!state.writer && state.readers === 0 && state.waiting.length === 0) this.states.delete(key);
  }
}
