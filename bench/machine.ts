import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { availableParallelism, cpus, release, type } from 'node:os';

/** The machine and software a benchmark ran on. */
export interface MachineInfo {
  readonly cpuModel: string;
  readonly cores: number;
  readonly node: string;
  readonly os: string;
  readonly express: string;
  readonly autocannon: string;
  /** The commit measured, with `+N changed files` when the working tree differs from it. */
  readonly source: string;
}

const require = createRequire(import.meta.url);

/** Describes this machine and the versions that matter to the figures. */
export function describeMachine(): MachineInfo {
  return {
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    node: process.version,
    os: `${type()} ${release()}`,
    express: packageVersion('express'),
    autocannon: packageVersion('autocannon'),
    source: describeSource(),
  };
}

function describeSource(): string {
  try {
    const git = (...args: string[]): string =>
      execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const commit = git('rev-parse', '--short', 'HEAD');
    const changed = git('status', '--porcelain', '--', 'src', 'connectors', 'bin', 'package.json')
      .split('\n')
      .filter((line) => line !== '').length;
    return changed === 0 ? commit : `${commit} +${changed} changed files`;
  } catch {
    return 'unknown';
  }
}

function packageVersion(name: string): string {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
