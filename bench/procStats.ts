import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

/**
 * CPU time and memory of processes, read from /proc (Linux): the bench reports how much of a core
 * each process used while it was measured, so a run can say whether the gateway or the subgraphs
 * were the bottleneck.
 */
const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU seconds a process has used (all its threads), 0 when it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Resident memory in MB, 0 when the process is gone. */
export function rssMb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** A process and all its descendants (a cluster primary and its workers). */
export function processTree(pid: number): number[] {
  const found = [pid];
  for (let i = 0; i < found.length; i++) {
    try {
      for (const task of readdirSync(`/proc/${found[i]}/task`)) {
        const children = readFileSync(`/proc/${found[i]}/task/${task}/children`, 'utf8').trim();
        if (children) found.push(...children.split(/\s+/).map(Number));
      }
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

export type CpuGroups = Record<string, number[]>;

export interface CpuShare {
  /** Cores used on average over the measurement: 1 = one core busy all the time. */
  cores: number;
  seconds: number;
}

export interface CpuReport {
  groups: Record<string, CpuShare>;
  /** Everything else on the machine (other developers' test runs, databases, the OS). */
  others: CpuShare;
  /** The busiest processes outside the bench during the measurement. */
  busiestOthers: string[];
  /** How busy each CPU was (1 = saturated), whoever used it: says which core was the bottleneck. */
  cpuBusy: Record<string, number>;
}

/** CPU used by named groups of processes between start() and stop(), and by everything else. */
export function cpuMeter(groups: () => CpuGroups) {
  const before = new Map<string, number>();
  const total = (pids: number[]) => pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
  let startedAt = 0;
  let machineBefore = 0;
  let perCpuBefore = new Map<string, number>();
  let everyBefore = new Map<number, number>();
  return {
    start() {
      startedAt = performance.now();
      machineBefore = machineBusySeconds();
      perCpuBefore = perCpuBusySeconds();
      everyBefore = allProcessesCpu();
      for (const [name, pids] of Object.entries(groups())) before.set(name, total(pids));
    },
    stop(): CpuReport {
      const wall = (performance.now() - startedAt) / 1000;
      const share = (seconds: number): CpuShare => ({ cores: round(seconds / wall, 2), seconds: round(seconds, 2) });
      const result: Record<string, CpuShare> = {};
      const ours = new Set<number>();
      let oursSeconds = 0;
      for (const [name, pids] of Object.entries(groups())) {
        const seconds = total(pids) - (before.get(name) ?? 0);
        pids.forEach((pid) => ours.add(pid));
        oursSeconds += seconds;
        result[name] = share(seconds);
      }
      const machine = machineBusySeconds() - machineBefore;
      const busiest = [...allProcessesCpu()]
        .filter(([pid]) => !ours.has(pid))
        .map(([pid, seconds]) => ({ pid, seconds: seconds - (everyBefore.get(pid) ?? seconds) }))
        .filter((p) => p.seconds / wall >= 0.03)
        .sort((a, b) => b.seconds - a.seconds)
        .slice(0, 4)
        .map((p) => `${commandOf(p.pid)} (pid ${p.pid}): ${round(p.seconds / wall, 2)} cores`);
      const cpuBusy = Object.fromEntries(
        [...perCpuBusySeconds()].map(([cpu, seconds]) => [cpu, round(Math.min(1, (seconds - (perCpuBefore.get(cpu) ?? seconds)) / wall), 2)]),
      );
      return { groups: result, others: share(Math.max(0, machine - oursSeconds)), busiestOthers: busiest, cpuBusy };
    },
  };
}

/** Busy CPU seconds of the whole machine (all cores), from the first line of /proc/stat. */
function machineBusySeconds(): number {
  return busySecondsOf(readFileSync('/proc/stat', 'utf8').split('\n')[0]);
}

/** Busy seconds per CPU ("cpu0", "cpu1", …). */
function perCpuBusySeconds(): Map<string, number> {
  const lines = readFileSync('/proc/stat', 'utf8').split('\n').filter((line) => /^cpu\d+ /.test(line));
  return new Map(lines.map((line) => [line.split(' ')[0], busySecondsOf(line)]));
}

function busySecondsOf(statLine: string): number {
  const [, ...values] = statLine.trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = values.map(Number);
  return (user + nice + system + irq + softirq + steal) / TICKS_PER_SECOND;
}

function allProcessesCpu(): Map<number, number> {
  const result = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (/^\d+$/.test(entry)) result.set(Number(entry), cpuSeconds(Number(entry)));
  }
  return result;
}

function commandOf(pid: number): string {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    return (args || readFileSync(`/proc/${pid}/comm`, 'utf8').trim()).slice(0, 100);
  } catch {
    return '?';
  }
}

/** Peak resident memory of a process tree, sampled while a measurement runs. */
export function rssSampler(pid: () => number, everyMs = 250) {
  let peak = 0;
  const sample = () => {
    const mb = processTree(pid()).reduce((sum, p) => sum + rssMb(p), 0);
    if (mb > peak) peak = mb;
  };
  const timer = setInterval(sample, everyMs);
  sample();
  return {
    stop(): number {
      clearInterval(timer);
      sample();
      return round(peak, 0);
    },
  };
}

/** Pins a running process (all its threads) to the given CPUs. */
export function pin(pid: number, cpus: string): void {
  execFileSync('taskset', ['-a', '-cp', cpus, String(pid)], { stdio: 'ignore' });
}

/** The load average now (1, 5, 15 minutes). */
export function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

export function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
