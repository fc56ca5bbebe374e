import { connect, type Socket } from 'node:net';
import type { LoadRequest } from './load.js';

/** How hard and how long to load, evenly. */
export interface PacedPlan {
  /** Keep-alive connections the requests are spread over, round robin. */
  readonly connections: number;
  /** Requests per second offered by all connections together, evenly spaced. */
  readonly rate: number;
  readonly durationSeconds: number;
  /** How long after the last request is due to wait for answers; the rest are timeouts. */
  readonly timeoutSeconds: number;
}

/** What one paced run gave. */
export interface PacedResult {
  /** Latency of every answered request in ms, counted from when it was due; sorted. */
  readonly latenciesMs: Float64Array;
  /** Responses per HTTP status. */
  readonly statusCodes: Readonly<Record<string, number>>;
  /** Requests lost to a connection that failed or answered something that is not HTTP/1.1. */
  readonly errors: number;
  /** Requests still unanswered `timeoutSeconds` after the last was due. */
  readonly timeouts: number;
  /** From the first request's due time to the last answer. */
  readonly elapsedSeconds: number;
}

/**
 * Offers `plan.rate` requests per second, evenly spaced, over `plan.connections` keep-alive
 * connections: request k is due at k / rate seconds and goes to connection k mod connections.
 * Unlike autocannon's rate option, which lets each connection send its quota for a second as
 * fast as it can and then pause (a burst at full concurrency every second), the load arrives
 * steadily, as traffic from many clients does.
 *
 * A request due while its connection still waits for an earlier answer is sent when that answer
 * arrives, and its latency is counted from when it was due, not from when it was written (as
 * wrk2 does): a stall is charged to every request it delays, not hidden by sending less.
 *
 * Resolves when every request is answered or timed out; rejects if a connection cannot be
 * opened at the start. Responses must carry Content-Length (Express's always do). A connection
 * that breaks, or answers something else, loses the requests on it (counted as errors) and is
 * opened again for the next.
 */
export async function pacedLoad(request: LoadRequest, plan: PacedPlan): Promise<PacedResult> {
  const url = new URL(request.url);
  const port = Number(url.port || 80);
  const wire = requestBytes(request, url);
  const total = Math.round(plan.rate * plan.durationSeconds);
  const interval = 1000 / plan.rate;
  const latencies = new Float64Array(total);
  const statusCodes: Record<string, number> = {};
  let answered = 0;
  let errors = 0;
  let lastAnswerAt = 0;
  const lanes = Array.from({ length: plan.connections }, () => new Lane(url.hostname, port, wire));
  const opened = await Promise.allSettled(lanes.map((lane) => lane.open()));
  const refused = opened.find((o) => o.status === 'rejected');
  if (refused) {
    for (const lane of lanes) lane.close();
    throw refused.reason;
  }
  const t0 = performance.now() + 1;

  return new Promise<PacedResult>((resolve) => {
    let scheduled = 0;
    let timeout: NodeJS.Timeout | undefined;
    let finished = false;
    const settleIfDone = (): void => {
      if (answered + errors < total) return;
      clearTimeout(timeout);
      finish();
    };
    const finish = (): void => {
      if (finished) return;
      finished = true;
      for (const lane of lanes) lane.close();
      resolve({
        latenciesMs: latencies.subarray(0, answered).sort(),
        statusCodes,
        errors,
        timeouts: total - answered - errors,
        elapsedSeconds: Math.max(0, lastAnswerAt - t0) / 1000,
      });
    };
    for (const lane of lanes) {
      lane.onAnswer = (status, dueAt) => {
        const now = performance.now();
        latencies[answered++] = now - dueAt;
        lastAnswerAt = now;
        statusCodes[status] = (statusCodes[status] ?? 0) + 1;
        settleIfDone();
      };
      lane.onFailure = (lost) => {
        errors += lost;
        settleIfDone();
      };
    }
    const tick = (): void => {
      const now = performance.now();
      while (scheduled < total && t0 + scheduled * interval <= now) {
        (lanes[scheduled % lanes.length] as Lane).offer(t0 + scheduled * interval);
        scheduled++;
      }
      if (scheduled < total) {
        setTimeout(tick, t0 + scheduled * interval - performance.now());
        return;
      }
      timeout = setTimeout(finish, plan.timeoutSeconds * 1000);
      settleIfDone();
    };
    setTimeout(tick, 1);
  });
}

/**
 * One keep-alive connection: sends its requests one at a time and reads their answers. A
 * connection the server closes while idle (its keep-alive timeout, at a low rate) is opened
 * again for the next request; one that fails with requests on it loses them (`onFailure`) and
 * is opened again too.
 */
class Lane {
  onAnswer: (status: number, dueAt: number) => void = () => undefined;
  /** `lost` requests (in flight and queued) will never be answered. */
  onFailure: (lost: number) => void = () => undefined;
  private socket: Socket | undefined;
  private connected = false;
  /** Due times of the requests not yet answered; the one at `head` is on the wire. */
  private due: number[] = [];
  private head = 0;
  private unread: Buffer = Buffer.alloc(0);
  private closed = false;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly wire: Buffer,
  ) {}

  /** Opens the connection; rejects if it cannot be opened. */
  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = this.connect();
      socket.once('connect', () => resolve());
      socket.once('error', reject);
    });
  }

  /** Sends now if idle, else after the answers before it; `dueAt` is when it was due. */
  offer(dueAt: number): void {
    if (this.closed) return;
    this.due.push(dueAt);
    if (!this.socket) this.connect();
    else if (this.connected && this.due.length - this.head === 1) this.socket.write(this.wire);
  }

  close(): void {
    this.closed = true;
    this.socket?.destroy();
  }

  private connect(): Socket {
    const socket = connect({ host: this.host, port: this.port, noDelay: true });
    this.socket = socket;
    this.connected = false;
    this.unread = Buffer.alloc(0);
    socket.once('connect', () => {
      this.connected = true;
      if (this.due.length > this.head) socket.write(this.wire);
    });
    socket.on('error', () => this.drop(socket));
    socket.once('close', () => this.drop(socket));
    socket.on('data', (chunk: Buffer) => this.read(socket, chunk));
    return socket;
  }

  private read(socket: Socket, chunk: Buffer): void {
    this.unread = this.unread.length === 0 ? chunk : Buffer.concat([this.unread, chunk]);
    for (;;) {
      const response = parseResponse(this.unread);
      if (response === 'incomplete') return;
      if (response === 'invalid' || this.head >= this.due.length) return this.drop(socket);
      this.unread = this.unread.subarray(response.length);
      const dueAt = this.due[this.head++] as number;
      if (this.head === this.due.length) this.due.length = this.head = 0;
      else socket.write(this.wire);
      this.onAnswer(response.status, dueAt);
    }
  }

  /** The connection is gone: its requests are lost; the next request opens a new one. */
  private drop(socket: Socket): void {
    if (socket !== this.socket) return;
    socket.destroy();
    this.socket = undefined;
    this.connected = false;
    const lost = this.due.length - this.head;
    this.due = [];
    this.head = 0;
    if (lost > 0 && !this.closed) this.onFailure(lost);
  }
}

/** The bytes of one HTTP/1.1 keep-alive request. */
export function requestBytes(request: LoadRequest, url: URL): Buffer {
  const body = request.body === undefined ? undefined : Buffer.from(request.body);
  const lines = [`${request.method} ${url.pathname}${url.search} HTTP/1.1`, `Host: ${url.host}`];
  for (const [name, value] of Object.entries(request.headers)) lines.push(`${name}: ${value}`);
  if (body) lines.push(`Content-Length: ${body.length}`);
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  return body ? Buffer.concat([head, body]) : head;
}

/**
 * The first response in `bytes`: its status and length (head and body), 'incomplete' if more
 * bytes are needed, 'invalid' if it is not an HTTP/1.x response whose length is known from
 * Content-Length (or from its status: 204, 304).
 */
export function parseResponse(
  bytes: Buffer,
): { status: number; length: number } | 'incomplete' | 'invalid' {
  const headEnd = bytes.indexOf('\r\n\r\n', 0, 'latin1');
  if (headEnd < 0) return bytes.length > 64 * 1024 ? 'invalid' : 'incomplete';
  const head = bytes.toString('latin1', 0, headEnd);
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(head);
  if (!status) return 'invalid';
  const code = Number(status[1]);
  const length = /\r\ncontent-length:[ \t]*(\d+)[ \t]*(?=\r\n|$)/i.exec(head);
  // 204 and 304 carry no body and need no Content-Length.
  if (!length && code !== 204 && code !== 304) return 'invalid';
  const total = headEnd + 4 + (length ? Number(length[1]) : 0);
  if (bytes.length < total) return 'incomplete';
  return { status: code, length: total };
}
