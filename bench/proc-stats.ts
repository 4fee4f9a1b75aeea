/**
 * What the kernel says about a target process: CPU time (utime + stime from /proc/<pid>/stat) and
 * peak resident set size (VmHWM from /proc/<pid>/status). Read from outside, so the target needs
 * no side channel and pays nothing for being measured.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const ticksPerSecond = readClockTicks();

/** CPU seconds (user + system) the process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces; fields after its closing ')' are fixed.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of the full line are the 12th and 13th after the name (0-based 11, 12).
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return (utime + stime) / ticksPerSecond;
}

/** Peak RSS since the process started (VmHWM), in MB (10^6 bytes, as the targets are stated). */
export function peakRssMB(pid: number): number {
  return (statusKiB(pid, 'VmHWM') * 1024) / 1e6;
}

/** Resident set size now (VmRSS), in MB. */
export function rssMB(pid: number): number {
  return (statusKiB(pid, 'VmRSS') * 1024) / 1e6;
}

function statusKiB(pid: number, field: string): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  if (!match) throw new Error(`/proc/${pid}/status has no ${field}`);
  return Number(match[1]);
}

function readClockTicks(): number {
  try {
    const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isFinite(value) && value > 0 ? value : 100;
  } catch {
    return 100; // Linux's USER_HZ on every mainstream architecture
  }
}
