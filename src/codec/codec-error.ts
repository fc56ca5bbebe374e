/** Why a wire message could not be decoded; the reason travels to the dead-letter queue. */
export type CodecErrorReason =
  'bad-magic' | 'unknown-fingerprint' | 'unexpected-schema' | 'invalid-body';

/**
 * Thrown by the single-object codec when bytes are not a message we can read, or a value does
 * not fit its schema. Never retriable: the same bytes will fail the same way.
 */
export class CodecError extends Error {
  override readonly name = 'CodecError';

  constructor(
    readonly reason: CodecErrorReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
