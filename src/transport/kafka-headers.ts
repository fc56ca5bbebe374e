import type { IHeaders } from 'kafkajs';
import type { WireHeaders } from '../codec/wire-message.js';

/** Kafka record headers (UTF-8 strings) for a wire message. */
export function toKafkaHeaders(
  headers: Readonly<Record<string, string | undefined>>,
  extra: Record<string, string> = {},
): IHeaders {
  const out: IHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name] = value;
  return Object.assign(out, extra);
}

/**
 * The wire headers of a consumed record. Missing identifiers come back as empty strings, which
 * the adapter runtime rejects as a dead letter.
 */
export function fromKafkaHeaders(
  headers: IHeaders | undefined,
): WireHeaders & Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers ?? {})) {
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value !== undefined)
      out[name] = Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
  }
  return {
    ...out,
    'message-id': out['message-id'] ?? '',
    'correlation-id': out['correlation-id'] ?? '',
  };
}
