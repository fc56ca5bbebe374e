import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** CPU time counters at one moment (Linux /proc; empty elsewhere). */
export interface CpuSnapshot {
  readonly atMs: number;
  /** Clock ticks (user + system) per watched process name. */
  readonly processTicks: ReadonlyMap<string, number>;
  /** Whole-machine ticks: all and idle (idle + iowait), summed over cores. */
  readonly machine: { readonly total: number; readonly idle: number } | undefined;
}

/** CPU use between two snapshots. */
export interface CpuUsage {
  /** Per process: percent of ONE core (200 % = both cores of a 2-core machine). */
  readonly processes: Readonly<Record<string, number>>;
  /** Whole machine: percent of ALL cores busy. */
  readonly machineBusy: number | undefined;
  /**
   * Busy time of everything not watched (other processes, other containers sharing the cores),
   * in percent of one core: noise the figures suffered.
   */
  readonly other: number | undefined;
}

let ticksPerSecond: number | undefined;

/**
 * Reads the CPU counters of `processes` (name → pid; each counts with its live descendants that
 * are not watched themselves, so a gateway cluster's workers count as the gateway) and of the
 * machine.
 */
export function snapshotCpu(processes: ReadonlyMap<string, number>): CpuSnapshot {
  const processTicks = new Map<string, number>();
  const stats = processes.size === 0 ? new Map<number, ProcStat>() : readAllStats();
  const roots = new Set(processes.values());
  for (const [name, pid] of processes) {
    const ticks = treeCpuTicks(pid, stats, roots);
    if (ticks !== undefined) processTicks.set(name, ticks);
  }
  return { atMs: performance.now(), processTicks, machine: machineTicks() };
}

/** What each process and the machine used between `before` and `after`. */
export function cpuUsageBetween(before: CpuSnapshot, after: CpuSnapshot): CpuUsage {
  const seconds = (after.atMs - before.atMs) / 1000;
  const hz = clockTicksPerSecond();
  const processes: Record<string, number> = {};
  for (const [name, end] of after.processTicks) {
    const start = before.processTicks.get(name);
    if (start !== undefined && seconds > 0) processes[name] = ((end - start) / hz / seconds) * 100;
  }
  let machineBusy: number | undefined;
  if (before.machine && after.machine) {
    const total = after.machine.total - before.machine.total;
    const idle = after.machine.idle - before.machine.idle;
    machineBusy = total > 0 ? ((total - idle) / total) * 100 : undefined;
  }
  const watched = Object.values(processes).reduce((a, b) => a + b, 0);
  const other =
    machineBusy === undefined
      ? undefined
      : Math.max(0, machineBusy * availableParallelism() - watched);
  return { processes, machineBusy, other };
}

interface ProcStat {
  readonly ppid: number;
  /** utime + stime, in clock ticks. */
  readonly ticks: number;
}

/** Every process's parent and CPU ticks, from /proc (empty where there is none). */
function readAllStats(): Map<number, ProcStat> {
  const stats = new Map<number, ProcStat>();
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return stats;
  }
  for (const entry of entries) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name (field 2) may contain spaces; the fixed fields start after its ")".
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      stats.set(Number(entry), {
        ppid: Number(fields[1]),
        ticks: Number(fields[11]) + Number(fields[12]),
      });
    } catch {
      // Gone between the listing and the read.
    }
  }
  return stats;
}

/**
 * utime + stime of `pid` and its live descendants, except those under another of `roots` (the
 * benchmark's children are watched on their own), or undefined when `pid` is gone.
 */
function treeCpuTicks(
  pid: number,
  stats: ReadonlyMap<number, ProcStat>,
  roots: ReadonlySet<number>,
): number | undefined {
  if (!stats.has(pid)) return undefined;
  const children = new Map<number, number[]>();
  for (const [child, stat] of stats) {
    if (!roots.has(child)) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), child]);
  }
  let total = 0;
  const queue = [pid];
  for (let current = queue.pop(); current !== undefined; current = queue.pop()) {
    total += stats.get(current)?.ticks ?? 0;
    queue.push(...(children.get(current) ?? []));
  }
  return total;
}

function machineTicks(): CpuSnapshot['machine'] {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const values = line.trim().split(/\s+/).slice(1, 9).map(Number);
    const [, , , idle = 0, iowait = 0] = values;
    return { total: values.reduce((a, b) => a + b, 0), idle: idle + iowait };
  } catch {
    return undefined;
  }
}

function clockTicksPerSecond(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** The pid of the project's own Kafka broker (`npm run kafka:start`), if it runs here. */
export function localKafkaPid(pidFile: string): number | undefined {
  try {
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    if (!Number.isInteger(pid) || pid <= 0) return undefined;
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes('kafka.Kafka') ? pid : undefined;
  } catch {
    return undefined;
  }
}
