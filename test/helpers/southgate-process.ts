import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/southgate.js', import.meta.url));

/** A `southgate serve` child process and what it printed. */
export interface ServeProcess {
  readonly baseUrl: string;
  readonly child: ChildProcess;
  stdout(): string;
  /** Sends SIGTERM and resolves with the exit code (a description of the signal if killed by one). */
  stop(): Promise<number | string>;
}

/**
 * Runs `southgate serve` with `env` (PORT=0) and waits until it logs `readyMessage` with the port
 * it listens on: "Southgate listening", or "Southgate cluster ready" for GATEWAY_WORKERS > 1.
 * `entry` is the script run with `serve`: the `southgate` command, or a compiled `main.js`.
 */
export function startServe(
  env: Record<string, string>,
  timeoutMs = 60_000,
  readyMessage = 'Southgate listening',
  entry = bin,
): Promise<ServeProcess> {
  const child = spawn(process.execPath, [entry, 'serve'], {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) =>
      resolve(
        code ?? `killed by ${signal}; stdout: ${out.slice(-1500)}; stderr: ${err.slice(-1500)}`,
      ),
    ),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`southgate serve did not start in time:\n${out}\n${err}`));
    }, timeoutMs);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`southgate serve exited with ${code}:\n${out}\n${err}`));
    });
    const poll = setInterval(() => {
      const line = out.split('\n').find((l) => l.includes(`"${readyMessage}"`));
      if (!line) return;
      clearInterval(poll);
      clearTimeout(timer);
      const port = (JSON.parse(line) as { port: number }).port;
      resolve({
        baseUrl: `http://127.0.0.1:${port}`,
        child,
        stdout: () => out,
        stop: () => {
          child.kill('SIGTERM');
          return exited;
        },
      });
    }, 50);
  });
}

/** Runs a one-shot `southgate <args>` command; resolves with its exit code and output. */
export function runSouthgate(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [bin, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}
