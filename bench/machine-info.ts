/** The machine a run happened on, for RESULTS.md: figures mean little without it. */
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGB: number;
  node: string;
  kernel: string;
}

export function machineInfo(): MachineInfo {
  let cpuModel = os.cpus()[0]?.model ?? 'unknown';
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (match?.[1]) cpuModel = match[1].trim();
  } catch {
    // not Linux: keep what os.cpus() said
  }
  return {
    cpus: os.availableParallelism(),
    cpuModel,
    memoryGB: os.totalmem() / 1e9,
    node: process.version,
    kernel: `${os.type()} ${os.release()}`,
  };
}

/** 1, 5 and 15 minute load averages: on a shared machine, other work skews every figure. */
export function loadAverage(): number[] {
  return os.loadavg().map((n) => Math.round(n * 100) / 100);
}
