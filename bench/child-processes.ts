import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One child process the benchmark started: its name, pid and log file. */
export interface BenchChild {
  readonly name: string;
  readonly pid: number;
  /** Where its stdout and stderr go. */
  readonly logFile: string;
  /** The line of its log that said it was ready. */
  readonly readyLine: string;
  /** The end of its log, for error messages. */
  logTail(chars?: number): string;
  /** SIGTERM, then SIGKILL after the registry's stop timeout; resolves once it is gone. */
  stop(): Promise<void>;
}

/** How to start one child and tell that it is ready. */
export interface ChildSpec {
  readonly name: string;
  /** Arguments of `node` (the current executable): Node flags, then the script and its own. */
  readonly args: readonly string[];
  /** Added to the benchmark's own environment. */
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  /** True for the log line that says the child is ready. */
  readonly ready: (line: string) => boolean;
  readonly startTimeoutMs?: number;
}

/**
 * Every child process of one benchmark run. Children write their logs to files (a pipe would make
 * the benchmark process pay for reading them) and are found ready by polling the file for a log
 * line. `stopAll` ends whatever is still running; `killAllNow` is the synchronous last resort for
 * an exiting benchmark.
 */
export class ChildProcesses {
  private readonly running = new Set<ChildProcess>();

  constructor(
    private readonly logDir: string,
    private readonly stopTimeoutMs: number,
  ) {}

  /** Starts a child; rejects (after killing it) if it exits or is not ready in time. */
  async start(spec: ChildSpec): Promise<BenchChild> {
    const logFile = join(this.logDir, `${spec.name}.log`);
    const fd = openSync(logFile, 'w');
    let child: ChildProcess;
    try {
      child = spawn(process.execPath, [...spec.args], {
        env: { ...process.env, ...spec.env },
        cwd: spec.cwd,
        stdio: ['ignore', fd, fd],
      });
    } finally {
      closeSync(fd);
    }
    this.running.add(child);
    child.once('exit', () => this.running.delete(child));
    const logTail = (chars = 3000): string => readLog(logFile).slice(-chars);
    const stop = (): Promise<void> => this.stopChild(child);
    try {
      const readyLine = await waitForLine(child, logFile, spec);
      return { name: spec.name, pid: child.pid ?? -1, logFile, readyLine, logTail, stop };
    } catch (err) {
      await stop();
      throw new Error(
        `${spec.name}: ${err instanceof Error ? err.message : String(err)}\n--- ${logFile}:\n${logTail()}`,
      );
    }
  }

  /** Stops every child still running, concurrently. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.running].map((child) => this.stopChild(child)));
  }

  /** SIGKILLs every child still running, synchronously (for `process.on('exit')`). */
  killAllNow(): void {
    for (const child of this.running) child.kill('SIGKILL');
  }

  private stopChild(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      const force = setTimeout(() => child.kill('SIGKILL'), this.stopTimeoutMs);
      child.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }
}

function waitForLine(child: ChildProcess, logFile: string, spec: ChildSpec): Promise<string> {
  return new Promise((resolve, reject) => {
    const finish = (end: () => void): void => {
      clearInterval(poll);
      clearTimeout(timer);
      child.off('exit', onExit);
      end();
    };
    const onExit = (code: number | null, signal: string | null): void =>
      finish(() => reject(new Error(`exited with ${code ?? signal} before it was ready`)));
    const timer = setTimeout(
      () => finish(() => reject(new Error('was not ready in time'))),
      spec.startTimeoutMs ?? 90_000,
    );
    const poll = setInterval(() => {
      const line = readLog(logFile).split('\n').find(spec.ready);
      if (line !== undefined) finish(() => resolve(line));
    }, 50);
    child.once('exit', onExit);
  });
}

function readLog(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
