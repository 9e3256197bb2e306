import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

function onPath(command: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  const path = found.stdout.trim();
  return found.status === 0 && path ? path : undefined;
}

function isDebian(): boolean {
  let release = '';
  try {
    release = readFileSync('/etc/os-release', 'utf8');
  } catch {
    // Not Linux, or no os-release: not Debian.
  }
  return existsSync('/etc/debian_version') || /ID(_LIKE)?=.*debian/.test(release);
}

const found = new Map<string, string>();

/**
 * The path of `command`. When it is missing and this process runs as root on Debian, installs
 * the distribution's `debianPackage` with apt-get (printing what it does, then running
 * `afterInstall`); anywhere else it throws with the one command to run, so a suite fails
 * loudly rather than skipping.
 */
export function ensureDebianCommand(command: string, debianPackage: string, afterInstall?: () => void): string {
  const known = found.get(command);
  if (known) return known;
  const existing = onPath(command);
  if (existing) {
    found.set(command, existing);
    return existing;
  }
  const install = `apt-get update && apt-get install -y ${debianPackage}`;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root || !isDebian()) throw new Error(`${command} is not installed; install it with: sudo sh -c '${install}'`);
  process.stderr.write(`${command} is missing; installing the Debian package: ${install}\n`);
  execFileSync('sh', ['-c', install], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  afterInstall?.();
  const after = onPath(command);
  if (!after) throw new Error(`${command} is still missing after '${install}'`);
  found.set(command, after);
  return after;
}
