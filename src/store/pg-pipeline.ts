import pg from 'pg';
import type { Logger } from '../observability/logger.js';
import type { PreparedStatements } from './pg-query.js';

/** A lane takes new statements while fewer than this many are in flight on it… */
const depth = 16;
/** …and it has made progress within this long (else a slow statement is at its head). */
const stallMs = 20;

/** One long-lived pipelined connection, and how many statements it has on the wire. */
interface Lane {
  readonly client: pg.Client;
  /** Settles once the connection is open; rejects if it could not be opened. */
  readonly opened: Promise<void>;
  open: boolean;
  inFlight: number;
  /** When the lane last made progress: its first statement was sent, or one was answered. */
  progressAt: number;
  /** Called once nothing is in flight, while the lane is being closed. */
  drained?: () => void;
}

/**
 * Plain reads outside any transaction, pipelined over a few long-lived connections (pg's
 * `pipeline` mode): a statement is written at once, without waiting for the answers to the
 * statements ahead of it, and each has its own Sync, so a failing statement fails alone.
 *
 * A pooled connection per read costs a checkout and, on the server, a sleeping backend woken
 * for every statement. On a pipelined connection the backend is usually still busy with the
 * statements ahead, and several answers come back in one read. Lanes fill in order: a
 * statement goes to the first lane with fewer than 16 statements in flight that has made
 * progress (sent its first statement or had one answered) within 20 ms. So light load keeps
 * one backend busy rather than several half asleep, and a slow statement holds up only what
 * was sent behind it before the lane was seen to stall. When no lane qualifies, the least busy
 * one takes the statement.
 *
 * Only statements that never wait for a lock belong here (see {@link isPlainRead}): a
 * statement waiting behind a transaction's lock would hold up every statement behind it.
 *
 * A lane is opened on first use. A lost connection fails the statements on it (as a lost
 * pooled connection fails its statement) and is reopened by the next statement.
 */
export class PipelinedReads {
  private readonly lanes: (Lane | undefined)[];
  private closed = false;

  constructor(
    private readonly prepared: PreparedStatements,
    private readonly connection: pg.ClientConfig,
    lanes: number,
    private readonly logger?: Logger,
  ) {
    this.lanes = new Array<Lane | undefined>(lanes).fill(undefined);
  }

  /**
   * Runs prepared statement `name` (`text` with `values`) on a lane; rejects with the driver's
   * error, or the connection's if the lane cannot be opened.
   */
  run(name: string, text: string, values: unknown[]): Promise<object[]> {
    if (this.closed) return Promise.reject(new Error('The PostgreSQL client is closed'));
    const now = performance.now();
    const lane = this.pick(now);
    if (lane.inFlight++ === 0) lane.progressAt = now;
    const rows = lane.open
      ? this.prepared.run(lane.client, name, text, values)
      : lane.opened.then(() => this.prepared.run(lane.client, name, text, values));
    return rows.finally(() => {
      lane.progressAt = performance.now();
      if (--lane.inFlight === 0) lane.drained?.();
    });
  }

  /** The lanes open now, and the statements sent on them and not yet answered. */
  status(): { open: number; inFlight: number } {
    let open = 0;
    let inFlight = 0;
    for (const lane of this.lanes) {
      if (lane === undefined) continue;
      if (lane.open) open++;
      inFlight += lane.inFlight;
    }
    return { open, inFlight };
  }

  /** Refuses new statements, and ends every lane once the statements on it are answered. */
  async close(): Promise<void> {
    this.closed = true;
    const lanes = this.lanes.filter((lane): lane is Lane => lane !== undefined);
    this.lanes.fill(undefined);
    await Promise.all(
      lanes.map(async (lane) => {
        if (lane.inFlight > 0) await new Promise<void>((resolve) => (lane.drained = resolve));
        await lane.client.end().catch(() => undefined);
      }),
    );
  }

  private pick(now: number): Lane {
    let leastBusy: Lane | undefined;
    for (let i = 0; i < this.lanes.length; i++) {
      const lane = this.lanes[i] ?? this.openLane(i, now);
      const stalled = lane.inFlight > 0 && now - lane.progressAt > stallMs;
      if (lane.inFlight < depth && !stalled) return lane;
      if (leastBusy === undefined || lane.inFlight < leastBusy.inFlight) leastBusy = lane;
    }
    return leastBusy as Lane;
  }

  private openLane(index: number, now: number): Lane {
    const client = new pg.Client({ ...this.connection, pipeline: true });
    const forget = (): void => {
      if (this.lanes[index] === lane) this.lanes[index] = undefined;
    };
    // Until it ends, a client must have an error listener, or a lost connection crashes us.
    client.on('error', (err) => {
      if (lane.open) this.logger?.warn('PostgreSQL connection failed', { error: err.message });
      forget();
    });
    client.on('end', forget);
    // Statements wait for `opened`, so those on a connection that never opens fail with its error.
    const lane: Lane = {
      client,
      opened: client.connect().then(
        () => {
          lane.open = true;
        },
        (err: unknown) => {
          forget();
          throw err;
        },
      ),
      open: false,
      inFlight: 0,
      progressAt: now,
    };
    lane.opened.catch(() => undefined);
    this.lanes[index] = lane;
    return lane;
  }
}

const plainSelect = /^\s*SELECT\s/i;
// Row locks (FOR UPDATE, FOR NO KEY UPDATE, FOR SHARE, FOR KEY SHARE) and server functions
// such as pg_advisory_lock, pg_sleep or pg_notify.
const mayWait = /\bFOR\s+(?:NO\s+KEY\s+|KEY\s+)?(?:UPDATE|SHARE)\b|\bpg_\w+\s*\(/i;

/**
 * Whether a statement is a plain read: a SELECT that takes no row lock and calls no server
 * function that could wait or act (pg_advisory_lock, pg_sleep, pg_notify, …). Plain reads never
 * wait for another transaction, so they may share a pipelined connection. The test is on the
 * text alone and errs on the side of "no": anything else keeps a pooled connection to itself.
 */
export function isPlainRead(text: string): boolean {
  return plainSelect.test(text) && !mayWait.test(text);
}
