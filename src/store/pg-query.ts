import pg from 'pg';

/** A column's text-to-value parser, as pg's type registry gives it. */
type Parser = (text: string) => unknown;

/** pg's parser for a type oid and format (the `types` option of a pool). */
export type TypeParsers = (oid: number, format: 'text' | 'binary') => Parser;

/** What a statement's rows look like: column names and their parsers, in column order. */
interface RowShape {
  readonly names: readonly string[];
  readonly oids: readonly number[];
  readonly binary: readonly boolean[];
  readonly parsers: readonly Parser[];
}

/** The fields of pg's `Query` that this subclass uses; pg's typings do not declare them. */
interface QueryInternals {
  name?: string;
  values?: unknown[];
  callback?: (err: Error | undefined) => void;
  _canceledDueToError: unknown;
  _result: { rows: object[] };
}

/** The protocol writer of a pg connection, as far as this file uses it (pg's typings omit it). */
interface ProtocolWriter {
  parse(msg: { text: string; name: string; types: unknown[] }): void;
  bind(msg: { portal: string; statement: string; values: unknown[] }): void;
  execute(msg: { portal: string; rows: number }): void;
  sync(): void;
  parsedStatements: Record<string, string>;
}

/** pg's `Query` methods this subclass extends; its typings do not declare them. */
interface QueryProtocol {
  prepare(connection: ProtocolWriter): void;
  handleCommandComplete(msg: unknown, connection: ProtocolWriter): void;
}
const base = pg.Query.prototype as unknown as QueryProtocol;

/** What a transaction statement carries in its round trip: BEGIN ahead, COMMIT after. */
export interface Framing {
  readonly begin: boolean;
  readonly commit: boolean;
}

/** How pg describes a result column (pg-protocol's `Field`). */
interface FieldDescription {
  readonly name: string;
  readonly dataTypeID: number;
  readonly format: string;
}

/**
 * One parameterized statement as a named prepared statement, with its rows built from a shape
 * cached per statement: pg's own `Result` rebuilds every column's parser and a template row on
 * each execution (`addFields`), and copies the query config on the way in. The protocol itself
 * (parse once per connection, then bind/describe/execute/sync) is pg's, inherited.
 *
 * With a framing, BEGIN (ahead) and COMMIT (after) travel in the same write and the same Sync
 * as the statement, in the extended protocol: the server runs them in order and, at the first
 * error, skips the rest up to the Sync — a failed BEGIN runs nothing, a failed statement
 * commits nothing. Their CommandComplete messages are not the statement's and are passed over.
 */
class ShapedQuery extends pg.Query {
  private shape: RowShape | undefined;
  private beginUnanswered: boolean;
  private readonly commit: boolean;
  private answered = false;

  constructor(
    name: string,
    text: string,
    values: unknown[],
    private readonly shapes: Map<string, RowShape>,
    private readonly typeParser: TypeParsers,
    done: (err: Error | undefined, rows: object[]) => void,
    framing: Framing | undefined,
  ) {
    // A string is pg's cheapest config (no copy of a config object).
    super(text);
    const self = this as unknown as QueryInternals;
    self.name = name;
    self.values = values;
    self.callback = (err) => done(err ?? undefined, self._result.rows);
    this.beginUnanswered = framing?.begin === true;
    this.commit = framing?.commit === true;
  }

  prepare(connection: ProtocolWriter): void {
    if (this.beginUnanswered) sendUnnamed(connection, 'BEGIN');
    base.prepare.call(this, connection);
  }

  /** pg's: Execute, then Sync; COMMIT goes in between when framed so. */
  _getRows(connection: ProtocolWriter): void {
    connection.execute({ portal: '', rows: 0 });
    if (this.commit) sendUnnamed(connection, 'COMMIT');
    connection.sync();
  }

  handleCommandComplete(msg: unknown, connection: ProtocolWriter): void {
    if (this.beginUnanswered) {
      this.beginUnanswered = false;
      return;
    }
    if (this.answered) return; // COMMIT's
    this.answered = true;
    base.handleCommandComplete.call(this, msg, connection);
  }

  handleRowDescription(msg: { fields: readonly FieldDescription[] }): void {
    const name = (this as unknown as QueryInternals).name as string;
    const cached = this.shapes.get(name);
    if (cached !== undefined && sameShape(cached, msg.fields)) {
      this.shape = cached;
      return;
    }
    const shape: RowShape = {
      names: msg.fields.map((f) => f.name),
      oids: msg.fields.map((f) => f.dataTypeID),
      binary: msg.fields.map((f) => f.format === 'binary'),
      parsers: msg.fields.map((f) =>
        this.typeParser(f.dataTypeID, f.format === 'binary' ? 'binary' : 'text'),
      ),
    };
    this.shapes.set(name, shape);
    this.shape = shape;
  }

  handleDataRow(msg: { fields: readonly (string | null)[] }): void {
    const self = this as unknown as QueryInternals;
    if (self._canceledDueToError) return;
    const shape = this.shape as RowShape;
    try {
      // Keys in the same order every time, so every row shares one hidden class.
      const row: Record<string, unknown> = {};
      const raw = msg.fields;
      for (let i = 0; i < raw.length; i++) {
        const value = raw[i];
        row[shape.names[i] as string] =
          value === null || value === undefined
            ? null
            : (shape.parsers[i] as Parser)(
                shape.binary[i] ? (Buffer.from(value) as unknown as string) : value,
              );
      }
      self._result.rows.push(row);
    } catch (err) {
      // As pg does: the error is reported once the server is ready for the next query.
      self._canceledDueToError = err;
    }
  }
}

/** Parse, Bind and Execute of a parameterless statement, without a Sync. */
function sendUnnamed(connection: ProtocolWriter, text: string): void {
  connection.parse({ text, name: '', types: [] });
  connection.bind({ portal: '', statement: '', values: [] });
  connection.execute({ portal: '', rows: 0 });
}

function sameShape(shape: RowShape, fields: readonly FieldDescription[]): boolean {
  if (shape.names.length !== fields.length) return false;
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i] as FieldDescription;
    if (
      f.name !== shape.names[i] ||
      f.dataTypeID !== shape.oids[i] ||
      (f.format === 'binary') !== shape.binary[i]
    ) {
      return false;
    }
  }
  return true;
}

/** Runs parameterized statements on pg connections as named prepared statements. */
export class PreparedStatements {
  /** Row shape per statement name; the same on every connection. */
  private readonly shapes = new Map<string, RowShape>();

  constructor(private readonly typeParser: TypeParsers) {}

  /**
   * Runs statement `name` (`text` with `values`) on `client`, framed by BEGIN and COMMIT if
   * asked; resolves with its rows.
   */
  run(
    client: pg.ClientBase,
    name: string,
    text: string,
    values: unknown[],
    framing?: Framing,
  ): Promise<object[]> {
    return new Promise((resolve, reject) => {
      client.query(
        new ShapedQuery(
          name,
          text,
          values,
          this.shapes,
          this.typeParser,
          (err, rows) => (err ? reject(err) : resolve(rows)),
          framing,
        ),
      );
    });
  }

  /** Whether statement `name` has been parsed on `client`'s connection. */
  isParsed(client: pg.ClientBase, name: string): boolean {
    const { connection } = client as unknown as { connection: ProtocolWriter };
    return connection.parsedStatements[name] !== undefined;
  }
}
