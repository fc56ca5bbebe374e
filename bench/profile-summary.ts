import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The parts of a V8 `.cpuprofile` (written by `node --cpu-prof`) the summary reads. */
interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: {
      readonly functionName: string;
      readonly url: string;
      readonly lineNumber: number;
      readonly columnNumber: number;
    };
  }[];
  readonly startTime: number;
  readonly samples?: readonly number[];
  readonly timeDeltas?: readonly number[];
}

/** Self time of one function or one area (package, Node module, source file). */
export interface SelfTime {
  readonly name: string;
  readonly ms: number;
  /** Percent of the sampled time in the window. */
  readonly percent: number;
}

/** Where a process spent its CPU during a time window. */
export interface ProfileSummary {
  readonly file: string;
  /** Sampled time in the window, idle included. */
  readonly sampledMs: number;
  /** Percent of the window the process was idle (waiting for I/O). */
  readonly idlePercent: number;
  readonly topFunctions: readonly SelfTime[];
  readonly topAreas: readonly SelfTime[];
}

/**
 * Summarises the main-thread `.cpuprofile` files under `dir` by self time, counting only samples
 * inside `window` (µs on the monotonic clock, which `--cpu-prof` and `process.hrtime` share on
 * Linux). Other threads (tsx's module loader thread) are left out.
 */
export function summarizeProfiles(
  dir: string,
  window: { readonly startUs: number; readonly endUs: number },
  repoRoot: string,
  top = 15,
): ProfileSummary[] {
  let files: string[];
  try {
    // CPU.<date>.<time>.<pid>.<thread id>.<sequence>.cpuprofile; thread 0 is the main thread.
    files = readdirSync(dir).filter((f) => /^CPU\.\d+\.\d+\.\d+\.0\.\d+\.cpuprofile$/.test(f));
  } catch {
    return [];
  }
  return files.map((f) => summarize(join(dir, f), window, repoRoot, top));
}

function summarize(
  file: string,
  window: { readonly startUs: number; readonly endUs: number },
  repoRoot: string,
  top: number,
): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const functions = new Map<string, number>();
  const areas = new Map<string, number>();
  let total = 0;
  let idle = 0;
  let at = profile.startTime;
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    at += deltas[i] ?? 0;
    // Each sample stands for the time until the next one.
    const us = deltas[i + 1] ?? 0;
    if (at < window.startUs || at > window.endUs) continue;
    const node = byId.get(samples[i] ?? -1);
    if (!node) continue;
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    const area = areaOf(url, functionName, repoRoot);
    total += us;
    if (functionName === '(idle)') idle += us;
    const where = url ? ` ${shortPath(url, repoRoot)}:${lineNumber + 1}:${columnNumber + 1}` : '';
    const name = `${functionName || '(anonymous)'}${where}`;
    functions.set(name, (functions.get(name) ?? 0) + us);
    areas.set(area, (areas.get(area) ?? 0) + us);
  }
  const ranked = (map: Map<string, number>): SelfTime[] =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000, percent: total > 0 ? (us / total) * 100 : 0 }));
  return {
    file: relative(repoRoot, file),
    sampledMs: total / 1000,
    idlePercent: total > 0 ? (idle / total) * 100 : 0,
    topFunctions: ranked(functions),
    topAreas: ranked(areas),
  };
}

/** A package (`kafkajs`), a Node module (`node:net`), a source file, or V8's own entries. */
function areaOf(url: string, functionName: string, repoRoot: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  const path = shortPath(url, repoRoot);
  if (path.startsWith('node:') || !url.includes('/node_modules/')) return path;
  const parts = path.split('/');
  return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1] ?? ''}` : (parts[0] ?? path);
}

/** `kafkajs/src/network/connection.js`, `src/app.ts` or `node:net` for a script URL. */
function shortPath(url: string, repoRoot: string): string {
  const path = url.startsWith('file://') ? decodeURIComponent(url.slice('file://'.length)) : url;
  const inModules = path.lastIndexOf('/node_modules/');
  if (inModules >= 0) return path.slice(inModules + '/node_modules/'.length);
  return path.startsWith(repoRoot) ? relative(repoRoot, path) : path;
}
