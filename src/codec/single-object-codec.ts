import type avro from 'avsc';
import { CodecError } from './codec-error.js';
import type { SchemaCatalog, SchemaEntry } from './schema-catalog.js';

type Resolver = ReturnType<avro.Type['createResolver']>;

/** The two marker bytes that open every Avro single-object encoded message. */
export const SINGLE_OBJECT_MAGIC = Buffer.from([0xc3, 0x01]);
const HEADER_LENGTH = 10;

/** A decoded message: the writer schema it declared and its value, read with the reader schema. */
export interface Decoded<T> {
  readonly writer: SchemaEntry;
  readonly value: T;
}

/**
 * Avro single-object encoding (Avro spec): `C3 01`, the writer schema's 8-byte CRC-64-AVRO
 * fingerprint, then the binary body. Decoding resolves the writer schema by fingerprint from
 * the catalog, so a reader can accept any released version of the same message.
 */
export class SingleObjectCodec {
  private readonly resolvers = new Map<string, Resolver>();

  constructor(private readonly catalog: SchemaCatalog) {}

  /** Encodes `value` with `entry`'s schema; throws CodecError naming the first invalid field. */
  encode(entry: SchemaEntry, value: unknown): Buffer {
    let body: Buffer;
    try {
      body = entry.type.toBuffer(value);
    } catch (err) {
      throw new CodecError('invalid-body', invalidMessage(entry, value), { cause: err });
    }
    return Buffer.concat(
      [SINGLE_OBJECT_MAGIC, entry.fingerprintBytes, body],
      HEADER_LENGTH + body.length,
    );
  }

  /**
   * Decodes a message. With `reader`, the value is read as that schema (resolving an older or
   * newer writer of the same method and direction); without it, as the writer schema.
   */
  decode<T>(bytes: Buffer, reader?: SchemaEntry): Decoded<T> {
    if (bytes.length < HEADER_LENGTH || bytes[0] !== 0xc3 || bytes[1] !== 0x01) {
      throw new CodecError('bad-magic', 'Not an Avro single-object message (missing C3 01 header)');
    }
    const fingerprint = bytes.toString('hex', 2, HEADER_LENGTH);
    const writer = this.catalog.byFingerprint(fingerprint);
    if (!writer) {
      throw new CodecError(
        'unknown-fingerprint',
        `No released schema has fingerprint ${fingerprint}`,
      );
    }
    if (reader && (reader.method !== writer.method || reader.direction !== writer.direction)) {
      throw new CodecError(
        'unexpected-schema',
        `Expected ${reader.method} ${reader.direction}, got ${writer.method} v${writer.version} ${writer.direction}`,
      );
    }
    const body = bytes.subarray(HEADER_LENGTH);
    try {
      if (!reader || reader === writer) return { writer, value: writer.type.fromBuffer(body) as T };
      return { writer, value: reader.type.fromBuffer(body, this.resolver(reader, writer)) as T };
    } catch (err) {
      throw new CodecError(
        'invalid-body',
        `Cannot read ${writer.method} v${writer.version} ${writer.direction}: ${String(err)}`,
        { cause: err },
      );
    }
  }

  private resolver(reader: SchemaEntry, writer: SchemaEntry): Resolver {
    const id = `${reader.fingerprint}<${writer.fingerprint}`;
    let found = this.resolvers.get(id);
    if (!found) {
      found = reader.type.createResolver(writer.type);
      this.resolvers.set(id, found);
    }
    return found;
  }
}

function invalidMessage(entry: SchemaEntry, value: unknown): string {
  const paths: string[] = [];
  entry.type.isValid(value, {
    errorHook: (path: string[]) => {
      paths.push(path.join('.'));
    },
  });
  const where = paths.length > 0 ? ` (invalid: ${paths.slice(0, 5).join(', ')})` : '';
  return `Value does not match ${entry.method} v${entry.version} ${entry.direction}${where}`;
}
