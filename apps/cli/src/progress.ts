import { type MigrationProgress } from '@agentmap/storage-ops';
import cliProgress from 'cli-progress';
import type { Io } from './io';

/** Shows migration progress: a bar with rate and ETA on a terminal, plain lines otherwise. */
export interface ProgressView {
  update(progress: MigrationProgress): void;
  stop(): void;
}

const MiB = 1024 * 1024;

export function progressView(io: Io, options: { intervalMs: number; quiet: boolean }): ProgressView {
  if (options.quiet) return { update: () => undefined, stop: () => undefined };
  if (io.stderr.isTTY) return barView(io);
  return lineView(io, options.intervalMs);
}

function barView(io: Io): ProgressView {
  const bar = new cliProgress.SingleBar(
    {
      stream: io.stderr,
      format: 'migrate [{bar}] {percentage}% | {value}/{total} objects | {rate} obj/s | {mib} MiB | ETA {eta_formatted}',
      hideCursor: true,
      etaBuffer: 50,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let t0 = 0;
  return {
    update(p) {
      if (p.total === undefined || p.phase === 'counting') return;
      if (!started) {
        bar.start(p.total, 0, { rate: '0', mib: '0.0' });
        started = true;
        t0 = performance.now();
      }
      const seconds = Math.max((performance.now() - t0) / 1000, 0.001);
      bar.update(p.processed, { rate: (p.processed / seconds).toFixed(0), mib: (p.bytes / MiB).toFixed(1) });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

function lineView(io: Io, intervalMs: number): ProgressView {
  let last = 0;
  const t0 = performance.now();
  let latest: MigrationProgress | undefined;
  const print = (p: MigrationProgress) => {
    const seconds = Math.max((performance.now() - t0) / 1000, 0.001);
    const rate = p.processed / seconds;
    const total = p.total === undefined ? '' : `/${p.total}`;
    const percent = p.total ? ` (${Math.floor((p.processed / p.total) * 100)}%)` : '';
    const eta = p.total !== undefined && rate > 0 ? `, eta ${Math.ceil((p.total - p.processed) / rate)}s` : '';
    io.stderr.write(`progress: ${p.processed}${total} objects${percent}, ${p.copied} copied, ${(p.bytes / MiB).toFixed(1)} MiB, ${rate.toFixed(0)} obj/s${eta}\n`);
  };
  return {
    update(p) {
      latest = p;
      const now = performance.now();
      if (p.phase === 'copying' && now - last >= intervalMs) {
        last = now;
        print(p);
      }
    },
    stop() {
      if (latest && latest.processed > 0) print(latest);
    },
  };
}
