import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { defaultSchemaRoot, selfContainedSchema } from '../../src/codec/schema-catalog.js';
import { testCatalog as catalog, testCodec as codec } from '../helpers/in-process-connector.js';

const run = promisify(execFile);
const project = fileURLToPath(new URL('./java-avro/', import.meta.url));

/**
 * The wire contract checked by the reference implementation, Apache Avro for Java: every schema
 * the gateway publishes has, by Java's own SchemaNormalization, the fingerprint we list it under,
 * and Java's BinaryMessageDecoder reads our single-object messages. Needs Java 17 and Maven
 * (Maven Central); fails with instructions if they are missing.
 */
describe('wire contract, read by Apache Avro for Java', function () {
  this.timeout(300_000);
  let dir: string;

  before(async () => {
    try {
      await run(
        'mvn',
        ['-q', '-B', '-f', join(project, 'pom.xml'), 'compile', 'dependency:copy-dependencies'],
        {
          timeout: 280_000,
        },
      );
    } catch (err) {
      throw new Error(
        `Could not build ${project} with Maven (${String(err)}). Install Java 17 and Maven, with access to Maven Central.`,
        { cause: err },
      );
    }
    dir = mkdtempSync(join(tmpdir(), 'southgate-java-avro-'));
    mkdirSync(join(dir, 'schemas'));
    mkdirSync(join(dir, 'messages'));
    for (const entry of catalog.entries()) {
      writeFileSync(
        join(dir, 'schemas', `${entry.fingerprint}.json`),
        JSON.stringify(selfContainedSchema(entry)),
      );
    }
    // Every example message, encoded exactly as the gateway and adapters put it on the wire.
    for (const entry of catalog.entries()) {
      const folder =
        entry.direction === 'record' ? join('topics', entry.method) : join('methods', entry.method);
      const file = join(
        defaultSchemaRoot,
        folder,
        `v${entry.version}`,
        'examples',
        `${entry.direction}.json`,
      );
      const value: unknown = entry.type.fromString(readFileSync(file, 'utf8'));
      writeFileSync(
        join(dir, 'messages', `${entry.method}-v${entry.version}-${entry.direction}.bin`),
        codec.encode(entry, value),
      );
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('agrees on every fingerprint and decodes every example message', async () => {
    const { stdout } = await run('java', [
      '-cp',
      `${join(project, 'target', 'classes')}:${join(project, 'target', 'lib', '*')}`,
      'dev.southgate.conformance.Conformance',
      dir,
    ]);
    const summary = stdout.trim().split('\n').pop() ?? '';
    expect(summary).to.equal(
      `schemas=${catalog.entries().length} messages=${catalog.entries().length} failures=0`,
    );
    expect(stdout).to.contain('"legalName": "Eveline Tripman"');
  });
});
