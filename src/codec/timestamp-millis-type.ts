import avro from 'avsc';

/**
 * Avro logical type `timestamp-millis` (a long of epoch milliseconds) surfaced as a JS `Date`,
 * so adapters and endpoints never handle raw epoch numbers.
 */
export class TimestampMillisType extends avro.types.LogicalType {
  override _fromValue(value: number): Date {
    return new Date(value);
  }

  override _toValue(value: unknown): number | undefined {
    if (value instanceof Date) return value.getTime();
    // avsc probes union branches with foreign values; `undefined` means "not mine".
    return undefined;
  }

  override _resolve(type: avro.Type): ((value: number) => number) | undefined {
    if (avro.Type.isType(type, 'long', 'logical:timestamp-millis')) return (value) => value;
    return undefined;
  }
}
