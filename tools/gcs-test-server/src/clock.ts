/**
 * Generations are microseconds since the epoch, as on GCS, made strictly increasing so two
 * writes in the same microsecond still get different generations.
 */
let last = 0n;

export function nextGeneration(): bigint {
  const now = BigInt(Date.now()) * 1000n;
  last = now > last ? now : last + 1n;
  return last;
}
