import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import avro from 'avsc';
import { defaultSchemaRoot, SchemaCatalog } from '../../../src/codec/schema-catalog.js';
import { methodNames } from '../../../src/connector/method-registry.js';
import { renderGeneratedTypes, generatedTypesPath } from '../../../scripts/generated-types.js';

describe('SchemaCatalog', () => {
  const catalog = SchemaCatalog.load();

  it('has a schema folder for every method in the registry, and no others', () => {
    expect(catalog.methods()).to.have.members(methodNames);
    expect(catalog.methods()).to.have.length(methodNames.length);
  });

  for (const method of methodNames) {
    describe(method, () => {
      it('has request and response schemas for every version', () => {
        const version = catalog.latestVersion(method) ?? 0;
        expect(version).to.be.greaterThan(0);
        for (let v = 1; v <= version; v++) {
          expect(catalog.entry(method, v, 'request').type.name).to.match(/\.Request$/);
          expect(catalog.entry(method, v, 'response').type.name).to.match(/\.Response$/);
        }
      });

      it('has example fixtures that round-trip through avsc', () => {
        const version = catalog.latestVersion(method) ?? 1;
        const dir = join(defaultSchemaRoot, 'methods', method, `v${version}`, 'examples');
        for (const direction of ['request', 'response'] as const) {
          const file = join(dir, `${direction}.json`);
          expect(existsSync(file), `${file} exists`).to.be.true;
          const { type } = catalog.entry(method, version, direction);
          const text = readFileSync(file, 'utf8');
          const value: unknown = type.fromString(text);
          const again: unknown = type.fromBuffer(type.toBuffer(value));
          expect(JSON.parse(type.toString(again))).to.deep.equal(JSON.parse(text));
        }
      });
    });
  }

  it('has topic record schemas with example fixtures that round-trip', () => {
    const entry = catalog.topicSchema('adapterCapabilities', 1);
    expect(entry.direction).to.equal('record');
    expect(catalog.byFingerprint(entry.fingerprint)).to.equal(entry);
    expect(catalog.methods()).not.to.include('adapterCapabilities');
    const file = join(
      defaultSchemaRoot,
      'topics',
      'adapterCapabilities',
      'v1',
      'examples',
      'record.json',
    );
    const text = readFileSync(file, 'utf8');
    const value: unknown = entry.type.fromString(text);
    expect(
      JSON.parse(entry.type.toString(entry.type.fromBuffer(entry.type.toBuffer(value)))),
    ).to.deep.equal(JSON.parse(text));
  });

  it('gives every record, enum and field a doc', () => {
    const missing: string[] = [];
    const check = (schema: unknown, where: string): void => {
      if (Array.isArray(schema)) return schema.forEach((s, i) => check(s, `${where}[${i}]`));
      if (typeof schema !== 'object' || schema === null) return;
      const s = schema as {
        type?: unknown;
        name?: string;
        doc?: string;
        fields?: { name: string; doc?: string; type: unknown }[];
        items?: unknown;
      };
      if ((s.type === 'record' || s.type === 'enum') && !s.doc) missing.push(`${where} ${s.name}`);
      for (const field of s.fields ?? []) {
        if (!field.doc) missing.push(`${where}.${field.name}`);
        check(field.type, `${where}.${field.name}`);
      }
      if (s.items) check(s.items, `${where}[]`);
    };
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, name.name);
        if (name.isDirectory()) walk(path);
        else if (name.name.endsWith('.avsc')) check(JSON.parse(readFileSync(path, 'utf8')), path);
      }
    };
    walk(defaultSchemaRoot);
    expect(missing).to.deep.equal([]);
  });

  it('gives every schema a distinct fingerprint of 16 lowercase hex digits', () => {
    const prints = catalog.entries().map((e) => e.fingerprint);
    for (const p of prints) expect(p).to.match(/^[0-9a-f]{16}$/);
    expect(new Set(prints).size).to.equal(prints.length);
  });

  it('lets each released version be read by the next one (avsc resolver)', () => {
    for (const method of catalog.methods()) {
      const latest = catalog.latestVersion(method) ?? 1;
      for (let v = 2; v <= latest; v++) {
        for (const direction of ['request', 'response'] as const) {
          const older = catalog.entry(method, v - 1, direction).type;
          const newer = catalog.entry(method, v, direction).type;
          expect(() => newer.createResolver(older), `${method} v${v} ${direction}`).not.to.throw();
        }
      }
    }
    expect(avro.Type.isType(catalog.entry('getBank', 1, 'request').type, 'record')).to.be.true;
  });
});

describe('generated message types', () => {
  it('match what the generator makes from the schemas today (run `npm run gen`)', async () => {
    expect(readFileSync(generatedTypesPath, 'utf8')).to.equal(await renderGeneratedTypes());
  });
});
