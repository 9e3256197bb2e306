/** Times `fn` over `iterations` runs after `warmup` runs; returns milliseconds per run (median of rounds). */
export async function measure(fn: () => unknown, options: { iterations?: number; warmup?: number; rounds?: number } = {}): Promise<number> {
  const iterations = options.iterations ?? 100;
  const rounds = options.rounds ?? 5;
  for (let i = 0; i < (options.warmup ?? Math.min(10, iterations)); i++) await fn();
  const perRun: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) await fn();
    perRun.push(Number(process.hrtime.bigint() - start) / 1e6 / iterations);
  }
  perRun.sort((a, b) => a - b);
  return perRun[Math.floor(perRun.length / 2)]!;
}

/** One row of a comparison: our figure, the baseline's, and their ratio. */
export interface Row {
  case: string;
  ours: number;
  baseline: number;
  unit?: string;
  /** For throughput figures, higher is better, so the ratio is inverted. */
  higherIsBetter?: boolean;
  /** The ratio to print when it is not ours / baseline of the two figures (the median of paired rounds). */
  ratio?: number;
  note?: string;
}

/** Prints rows as an aligned table with ratios (ours / baseline for times). */
export function printTable(title: string, rows: Row[]): void {
  console.log(`\n${title}`);
  const lines = rows.map((r) => {
    const ratio = r.ratio ?? (r.higherIsBetter ? r.baseline / r.ours : r.ours / r.baseline);
    return [r.case, fmt(r.ours) + (r.unit ? ` ${r.unit}` : ''), fmt(r.baseline) + (r.unit ? ` ${r.unit}` : ''), `${ratio.toFixed(2)}x`, r.note ?? ''];
  });
  const header = ['case', 'ours', 'baseline', 'ratio', 'note'];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(row(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const l of lines) console.log(row(l));
}

function fmt(n: number): string {
  return n >= 100 ? n.toFixed(0) : n >= 1 ? n.toFixed(2) : n.toPrecision(3);
}

/** Peak RSS in MiB observed while `fn` runs (sampled every 5 ms). */
export async function peakRss<T>(fn: () => Promise<T>): Promise<{ result: T; peakMiB: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  try {
    const result = await fn();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { result, peakMiB: peak / 1048576 };
  } finally {
    clearInterval(timer);
  }
}

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;

/** The median of the per-round ratios ours / baseline: each round's two sides ran back to back, so drift over the run cancels. */
const pairedRatio = (samples: [number[], number[]]) => median(samples[0].map((o, i) => o / samples[1][i]!));

/**
 * Median ms per call of two sides measured in alternating rounds (the side that goes first
 * swaps every round), so warm-up, server drift and load from other processes weigh on both
 * alike. Returns [ours, baseline, median of the per-round ratios].
 */
export async function alternate(
  ours: () => Promise<unknown>,
  baseline: () => Promise<unknown>,
  options: { iterations: number; rounds?: number; warmup?: number },
): Promise<[number, number, number]> {
  const samples: [number[], number[]] = [[], []];
  const sides = [ours, baseline];
  const rounds = options.rounds ?? 21;
  for (let round = 0; round < rounds; round++) {
    for (const side of round % 2 === 0 ? [0, 1] : [1, 0]) {
      const warmup = round < 2 ? (options.warmup ?? Math.min(20, options.iterations)) : 1;
      samples[side]!.push(await measure(sides[side]!, { iterations: options.iterations, rounds: 1, warmup }));
    }
  }
  return [median(samples[0]), median(samples[1]), pairedRatio(samples)];
}

/**
 * Median CPU ms (user + system, this whole process) per call of two sides over alternating
 * rounds. On a loaded machine it moves far less than wall time; with an in-process server it
 * counts the server's work too. Returns [ours, baseline, median of the per-round ratios].
 */
export async function alternateCpu(ours: () => Promise<unknown>, baseline: () => Promise<unknown>, options: { iterations: number; rounds?: number }): Promise<[number, number, number]> {
  const samples: [number[], number[]] = [[], []];
  const sides = [ours, baseline];
  const rounds = options.rounds ?? 9;
  for (let round = 0; round < rounds; round++) {
    for (const side of round % 2 === 0 ? [0, 1] : [1, 0]) {
      const before = process.cpuUsage();
      for (let i = 0; i < options.iterations; i++) await sides[side]!();
      const used = process.cpuUsage(before);
      samples[side]!.push((used.user + used.system) / 1000 / options.iterations);
    }
  }
  return [median(samples[0]), median(samples[1]), pairedRatio(samples)];
}

/** One case of {@link wallAndCpuRows}: a name, our call, the baseline call, calls per round. */
export type PairedCase = [name: string, ours: () => Promise<unknown>, baseline: () => Promise<unknown>, iterations: number];

/**
 * A wall-time row and then a CPU-time row per case, each from alternating rounds: the medians
 * of each side, and as the ratio the median of the per-round ratios.
 */
export async function wallAndCpuRows(cases: PairedCase[], rounds = 21): Promise<Row[]> {
  const rows: Row[] = [];
  for (const [name, ours, baseline, iterations] of cases) {
    const [o, b, ratio] = await alternate(ours, baseline, { iterations, rounds, warmup: 2 });
    rows.push({ case: name, ours: o, baseline: b, unit: 'ms', ratio });
  }
  for (const [name, ours, baseline, iterations] of cases) {
    const [o, b, ratio] = await alternateCpu(ours, baseline, { iterations, rounds });
    rows.push({ case: `${name}, CPU`, ours: o, baseline: b, unit: 'ms', ratio });
  }
  return rows;
}
