import { createHash, randomUUID } from 'node:crypto';
import type { CallContext } from './call-context.js';

/**
 * The message-id of one connector call. Without an idempotency key: a fresh UUID. With one
 * (HTTP `Idempotency-Key`): derived from the consumer, the user, the key, the request's hash, the
 * method and the call's position among that request's calls of the method, so a repeated request
 * sends the very same message-ids and the adapter's deduplication answers it without executing
 * twice. The hash keeps a key reused for another request (after a failure freed it) from being
 * answered with the earlier request's stored reply.
 */
export function messageIdFor(ctx: CallContext, method: string): string {
  const idempotency = ctx.idempotency;
  if (!idempotency) return randomUUID();
  const n = (idempotency.calls.get(method) ?? 0) + 1;
  idempotency.calls.set(method, n);
  const hex = createHash('sha256')
    .update(
      `${ctx.consumerId ?? ''}\u0000${ctx.user?.userId ?? ''}\u0000${idempotency.key}\u0000${idempotency.requestHash}\u0000${method}\u0000${n}`,
    )
    .digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
