import { expect } from 'chai';
import { crc64Avro, fingerprintBytes } from '../../../src/codec/crc64-avro.js';

describe('crc64Avro', () => {
  // Vectors from the Avro reference implementations (Ruby and Go test suites).
  it('fingerprints "int" as 0x7275d51a3f395c8f', () => {
    expect(crc64Avro(Buffer.from('"int"'))).to.equal(0x7275d51a3f395c8fn);
  });

  it('fingerprints "string" as 0x8f014872634503c7', () => {
    expect(crc64Avro(Buffer.from('"string"'))).to.equal(0x8f014872634503c7n);
  });

  it('writes the fingerprint little-endian, as single-object encoding does', () => {
    expect(fingerprintBytes('"int"').toString('hex')).to.equal('8f5c393f1ad57572');
  });
});
