import type { MethodName } from '../codec/message-types.js';
import type { Logger } from '../observability/logger.js';

/**
 * The log of skipped backlog requests (long past their deadline: typically a new consumer group
 * reading retained requests from the start). The first of a run is logged at once; the rest are
 * counted per method and summarised every `summaryMs` until a period passes without any, so
 * thousands of them do not flood the log.
 */
export class BacklogLog {
  /** Skipped since the last summary, by method. */
  private readonly skipped = new Map<MethodName, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly log: Logger,
    private readonly summaryMs: number,
  ) {}

  /** Notes one skipped backlog request of `method`. */
  note(method: MethodName): void {
    if (this.timer === undefined) {
      this.log.warn('skipping requests long past their deadline (retained backlog)', {
        method,
        summaryEveryMs: this.summaryMs,
      });
      this.scheduleSummary();
      return;
    }
    this.skipped.set(method, (this.skipped.get(method) ?? 0) + 1);
  }

  private scheduleSummary(): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.skipped.size === 0) return;
      const skipped = Object.fromEntries(this.skipped);
      this.skipped.clear();
      this.log.warn('skipped backlog requests past their deadline', { skipped });
      this.scheduleSummary();
    }, this.summaryMs);
    this.timer.unref();
  }
}
