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
 */
class ShapedQuery extends pg.Query {
  private shape: RowShape | undefined;

  constructor(
    name: string,
    text: string,
    values: unknown[],
    private readonly shapes: Map<string, RowShape>,
    private readonly typeParser: TypeParsers,
    done: (err: Error | undefined, rows: object[]) => void,
  ) {
    // A string is pg's cheapest config (no copy of a config object).
    super(text);
    const self = this as unknown as QueryInternals;
    self.name = name;
    self.values = values;
    self.callback = (err) => done(err ?? undefined, self._result.rows);
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

  /** Runs statement `name` (`text` with `values`) on `client`; resolves with its rows. */
  run(client: pg.ClientBase, name: string, text: string, values: unknown[]): Promise<object[]> {
    return new Promise((resolve, reject) => {
      client.query(
        new ShapedQuery(name, text, values, this.shapes, this.typeParser, (err, rows) =>
          err ? reject(err) : resolve(rows),
        ),
      );
    });
  }
}
