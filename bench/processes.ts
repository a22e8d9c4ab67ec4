/**
 * Helpers for the benches that measure the API and its embedded store as separate processes (Linux
 * /proc). No side effects when run (bench/run.ts runs every file here; this one prints nothing).
 */
import fs from 'node:fs';
import os from 'node:os';

/** Linux counts process CPU time in clock ticks of 10 ms (CLK_TCK = 100). */
const MS_PER_TICK = 10;

/** CPU time (ms, user + system) a process has used so far; NaN if unknown. */
export function cpuMs(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK;
  } catch {
    return NaN;
  }
}

/** Resident memory (VmRSS, bytes) of a process; NaN if unknown. */
export function residentBytes(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** The embedded database process (store/embedded-main.ts) that `parent` started, if any. */
export function embeddedStoreOf(parent: number): number | undefined {
  for (const entry of fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const ppid = Number(fs.readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
      if (ppid === parent && fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('embedded-main')) return Number(entry);
    } catch {
      // The process ended while being looked at.
    }
  }
  return undefined;
}

/** The load average, as every bench prints it with its figures. */
export const loadAverage = (): string => os.loadavg().map((l) => l.toFixed(1)).join(' ');
