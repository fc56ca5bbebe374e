import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import avro from 'avsc';
import { fingerprintBytes } from './crc64-avro.js';
import { TimestampMillisType } from './timestamp-millis-type.js';

/**
 * Which side of an exchange a schema describes; `record` is a message that is not part of a
 * request/reply exchange (topic schemas, e.g. adapter capabilities).
 */
export type Direction = 'request' | 'response' | 'record';

/**
 * One released message schema: `schemas/methods/<method>/v<version>/<direction>.avsc`, or a topic
 * record `schemas/topics/<name>/v<version>/record.avsc` (then `method` is the topic schema name).
 */
export interface SchemaEntry {
  readonly method: string;
  readonly version: number;
  readonly direction: Direction;
  readonly type: avro.Type;
  /** Parsing Canonical Form, the text the fingerprint is computed over. */
  readonly canonicalForm: string;
  /** The 8 fingerprint bytes exactly as they follow `C3 01` on the wire. */
  readonly fingerprintBytes: Buffer;
  /** `fingerprintBytes` as 16 lowercase hex digits, in wire order. */
  readonly fingerprint: string;
}

/**
 * Where the published `.avsc` files live: the package's `schemas/` folder, found from this
 * module upwards, so the same code finds it from `src/codec/` (run through tsx) and from the
 * compiled `dist/src/codec/` (`npm run build`).
 */
export const defaultSchemaRoot = findSchemaRoot(dirname(fileURLToPath(import.meta.url)));

function findSchemaRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'schemas', 'methods'))) return join(dir, 'schemas') + sep;
    // Not found: name the source layout's place, so the load error says where it looked.
    if (dirname(dir) === dir) return join(from, '..', '..', 'schemas') + sep;
  }
}

const parseOptions = { logicalTypes: { 'timestamp-millis': TimestampMillisType } };

/**
 * Every Avro schema Southgate publishes, parsed once: shared records from `schemas/common/` and
 * each method's request and response per version, indexed by method and by fingerprint.
 * Throws at load if any file is not valid Avro, so a broken schema never reaches the wire.
 */
export class SchemaCatalog {
  private readonly byKey = new Map<string, SchemaEntry>();
  private readonly byPrint = new Map<string, SchemaEntry>();
  private readonly latest = new Map<string, number>();
  private readonly topics = new Map<string, SchemaEntry>();

  private constructor(
    entries: SchemaEntry[],
    /** Shared named types, by full name (`southgate.common.Customer`). */
    readonly commonTypes: ReadonlyMap<string, avro.Type>,
  ) {
    for (const entry of entries) {
      if (entry.direction === 'record') this.topics.set(`${entry.method}/v${entry.version}`, entry);
      else this.byKey.set(key(entry.method, entry.version, entry.direction), entry);
      const clash = this.byPrint.get(entry.fingerprint);
      if (clash) {
        throw new Error(
          `Schemas ${describe(clash)} and ${describe(entry)} have the same fingerprint; ` +
            'give each record a distinct name',
        );
      }
      this.byPrint.set(entry.fingerprint, entry);
      if (entry.direction !== 'record') {
        this.latest.set(entry.method, Math.max(this.latest.get(entry.method) ?? 0, entry.version));
      }
    }
  }

  /** Reads and parses every schema under `root` (synchronously: this runs once at start-up). */
  static load(root: string = defaultSchemaRoot): SchemaCatalog {
    const registry: Record<string, avro.Type> = {};
    const common = loadCommonTypes(join(root, 'common'), registry);
    const entries: SchemaEntry[] = [];
    const methodsDir = join(root, 'methods');
    for (const method of readdirSync(methodsDir).sort()) {
      for (const versionDir of readdirSync(join(methodsDir, method)).sort()) {
        const version = /^v(\d+)$/.exec(versionDir)?.[1];
        if (!version) throw new Error(`Unexpected folder ${method}/${versionDir}; expected v<N>`);
        for (const direction of ['request', 'response'] as const) {
          const file = join(methodsDir, method, versionDir, `${direction}.avsc`);
          if (!existsSync(file)) throw new Error(`Missing schema ${file}`);
          const type = avro.Type.forSchema(readJson(file) as avro.Schema, {
            ...parseOptions,
            registry,
          });
          entries.push(makeEntry(method, Number(version), direction, type));
        }
      }
    }
    entries.push(...loadTopicSchemas(join(root, 'topics'), registry));
    return new SchemaCatalog(entries, common);
  }

  /** The schema of one method, version and direction; throws if it was never released. */
  entry(method: string, version: number, direction: Direction): SchemaEntry {
    const found = this.byKey.get(key(method, version, direction));
    if (!found) throw new Error(`No schema for ${method} v${version} ${direction}`);
    return found;
  }

  /** A topic record schema, e.g. `topicSchema('adapterCapabilities', 1)`; throws if unknown. */
  topicSchema(name: string, version: number): SchemaEntry {
    const found = this.topics.get(`${name}/v${version}`);
    if (!found) throw new Error(`No topic schema ${name} v${version}`);
    return found;
  }

  /** The newest released version of `method`, or undefined for an unknown method. */
  latestVersion(method: string): number | undefined {
    return this.latest.get(method);
  }

  /** The method names that have schemas, sorted. */
  methods(): string[] {
    return [...this.latest.keys()].sort();
  }

  /** Resolves a writer schema from the fingerprint carried in a message. */
  byFingerprint(fingerprint: string): SchemaEntry | undefined {
    return this.byPrint.get(fingerprint);
  }

  /** All method schemas, then the topic schemas, sorted by name, version and direction. */
  entries(): SchemaEntry[] {
    return [...this.byKey.values(), ...this.topics.values()];
  }
}

/**
 * The schema as one self-contained JSON document with named types inlined at first use and
 * docs, defaults and logical types kept, so a reader in any language needs nothing else.
 */
export function selfContainedSchema(entry: SchemaEntry): unknown {
  return entry.type.schema({ exportAttrs: true });
}

function loadTopicSchemas(dir: string, registry: Record<string, avro.Type>): SchemaEntry[] {
  if (!existsSync(dir)) return [];
  const entries: SchemaEntry[] = [];
  for (const name of readdirSync(dir).sort()) {
    for (const versionDir of readdirSync(join(dir, name)).sort()) {
      const version = /^v(\d+)$/.exec(versionDir)?.[1];
      if (!version)
        throw new Error(`Unexpected folder topics/${name}/${versionDir}; expected v<N>`);
      const file = join(dir, name, versionDir, 'record.avsc');
      const type = avro.Type.forSchema(readJson(file) as avro.Schema, {
        ...parseOptions,
        registry,
      });
      entries.push(makeEntry(name, Number(version), 'record', type));
    }
  }
  return entries;
}

function loadCommonTypes(dir: string, registry: Record<string, avro.Type>): Map<string, avro.Type> {
  // Shared records reference each other by name; parse in passes until every one resolves.
  let pending = readdirSync(dir)
    .filter((f) => f.endsWith('.avsc'))
    .sort()
    .map((f) => ({ file: join(dir, f), schema: readJson(join(dir, f)) as avro.Schema }));
  const parsed = new Map<string, avro.Type>();
  while (pending.length > 0) {
    const failed: typeof pending = [];
    let lastError: unknown;
    for (const item of pending) {
      const scratch = { ...registry };
      try {
        const type = avro.Type.forSchema(item.schema, { ...parseOptions, registry: scratch });
        Object.assign(registry, scratch);
        if (type.name) parsed.set(type.name, type);
      } catch (err) {
        lastError = err;
        failed.push(item);
      }
    }
    if (failed.length === pending.length) {
      const files = failed.map((f) => f.file).join(', ');
      throw new Error(`Cannot parse common schemas ${files}: ${String(lastError)}`);
    }
    pending = failed;
  }
  return parsed;
}

function makeEntry(
  method: string,
  version: number,
  direction: Direction,
  type: avro.Type,
): SchemaEntry {
  const canonicalForm = JSON.stringify(type.schema());
  const bytes = fingerprintBytes(canonicalForm);
  return {
    method,
    version,
    direction,
    type,
    canonicalForm,
    fingerprintBytes: bytes,
    fingerprint: bytes.toString('hex'),
  };
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`Cannot read ${file}: ${String(err)}`, { cause: err });
  }
}

function key(method: string, version: number, direction: Direction): string {
  return `${method}/v${version}/${direction}`;
}

function describe(entry: SchemaEntry): string {
  return key(entry.method, entry.version, entry.direction);
}
