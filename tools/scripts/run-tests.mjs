// Runs every project's tests through Nx and ends with one summary line over all of them:
// "tests: N passed, N failed, N skipped".
//
// Two projects at a time: most test time is spent waiting on emulators, child processes and
// timers rather than on this process's CPU, so two runners keep a 2-core machine busy.
// AGENTMAP_TEST_PARALLEL=1 runs one project at a time (easier to read when one fails).
import { spawn } from 'node:child_process';

const args = ['nx', 'run-many', '-t', 'test', `--parallel=${process.env.AGENTMAP_TEST_PARALLEL ?? 2}`, '--outputStyle=static', ...process.argv.slice(2)];
const child = spawn('npx', args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NX_DAEMON: process.env.NX_DAEMON ?? 'false' } });
const totals = { passed: 0, failed: 0, skipped: 0 };
let pending = '';
const count = (line) => {
  // Vitest's per-project line, e.g. "Tests  12 failed | 300 passed | 2 skipped (314)".
  const plain = line.replace(/\x1b\[[0-9;]*m/g, '');
  if (!/^\s*Tests\s/.test(plain)) return;
  for (const [, n, kind] of plain.matchAll(/(\d+) (passed|failed|skipped|todo)/g)) {
    if (kind === 'todo') totals.skipped += Number(n);
    else totals[kind] += Number(n);
  }
};
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  pending += chunk.toString();
  const lines = pending.split('\n');
  pending = lines.pop() ?? '';
  lines.forEach(count);
});
child.on('exit', (code) => {
  count(pending);
  console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  process.exit(code ?? 1);
});
