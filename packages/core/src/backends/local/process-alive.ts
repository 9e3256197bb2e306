import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/** Identifies this process in lock and temp files: pid, start time (to survive pid reuse), host. */
export interface ProcessIdentity {
  pid: number;
  /** Start time in clock ticks since boot from /proc, or 0 where /proc is not available. */
  startTime: number;
  host: string;
}

function procStartTime(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[19]);
  } catch {
    return undefined;
  }
}

let self: ProcessIdentity | undefined;

/** This process's identity (computed once). */
export function currentProcess(): ProcessIdentity {
  self ??= { pid: process.pid, startTime: procStartTime(process.pid) ?? 0, host: hostname() };
  return self;
}

/**
 * Whether the process that wrote an identity still runs. Only answerable for this host: an
 * owner on another host is assumed alive. A reused pid is told apart by its start time.
 */
export function isProcessAlive(owner: ProcessIdentity): boolean {
  if (owner.host !== currentProcess().host) return true;
  if (owner.pid === process.pid) return owner.startTime === currentProcess().startTime;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  if (owner.startTime === 0) return true;
  const start = procStartTime(owner.pid);
  return start === undefined ? true : start === owner.startTime;
}

/** `pid.startTime.host` — a compact form embedded in file names and lock files. */
export function formatIdentity(id: ProcessIdentity): string {
  return `${id.pid}.${id.startTime}.${id.host}`;
}

export function parseIdentity(text: string): ProcessIdentity | undefined {
  const m = /^(\d+)\.(\d+)\.(.*)$/.exec(text.trim());
  if (!m) return undefined;
  return { pid: Number(m[1]), startTime: Number(m[2]), host: m[3]! };
}
