/**
 * One run per key at a time: callers that arrive while a run is in flight get its promise,
 * its value or its failure. `invalidate(key)` marks a run in flight as outdated (a newer write
 * happened), which the run checks through `stillCurrent` before storing what it loaded.
 */
export class SingleFlight {
  private readonly flights = new Map<string, { promise: Promise<unknown>; version: number }>();

  /** How many keys have a run in flight. */
  get size(): number {
    return this.flights.size;
  }

  run<T>(key: string, fn: (stillCurrent: () => boolean) => Promise<T>): Promise<T> {
    const existing = this.flights.get(key);
    if (existing) return existing.promise as Promise<T>;
    const flight = { promise: undefined as unknown as Promise<unknown>, version: 0 };
    const promise = fn(() => flight.version === 0).finally(() => {
      if (this.flights.get(key) === flight) this.flights.delete(key);
    });
    flight.promise = promise;
    this.flights.set(key, flight);
    return promise;
  }

  invalidate(key: string): void {
    const flight = this.flights.get(key);
    if (flight) flight.version++;
  }
}
