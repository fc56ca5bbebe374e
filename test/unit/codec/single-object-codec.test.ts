import { expect } from 'chai';
import { CodecError } from '../../../src/codec/codec-error.js';
import { SchemaCatalog } from '../../../src/codec/schema-catalog.js';
import { SingleObjectCodec } from '../../../src/codec/single-object-codec.js';

describe('SingleObjectCodec', () => {
  const catalog = SchemaCatalog.load();
  const codec = new SingleObjectCodec(catalog);
  const entry = catalog.entry('getCustomerByCustomerId', 1, 'request');
  const request = {
    outboundAdapterCallContext: {
      correlationId: 'c-1',
      sessionId: null,
      consumerId: null,
      generalContext: [],
      outboundAdapterAuthInfo: null,
    },
    customerId: 'abc',
  };

  it('starts every message with C3 01 and the writer fingerprint', () => {
    const bytes = codec.encode(entry, request);
    expect(bytes.subarray(0, 2).toString('hex')).to.equal('c301');
    expect(bytes.subarray(2, 10).toString('hex')).to.equal(entry.fingerprint);
  });

  it('decodes what it encodes, resolving the writer by fingerprint', () => {
    const decoded = codec.decode<typeof request>(codec.encode(entry, request));
    expect(decoded.writer).to.equal(entry);
    expect(decoded.value.customerId).to.equal('abc');
  });

  it('rejects bytes without the magic header', () => {
    expect(() => codec.decode(Buffer.from('not avro at all')))
      .to.throw(CodecError)
      .with.property('reason', 'bad-magic');
  });

  it('rejects an unknown fingerprint', () => {
    const bytes = codec.encode(entry, request);
    bytes.fill(0, 2, 10);
    expect(() => codec.decode(bytes))
      .to.throw(CodecError)
      .with.property('reason', 'unknown-fingerprint');
  });

  it('rejects a truncated body', () => {
    const bytes = codec.encode(entry, request);
    expect(() => codec.decode(bytes.subarray(0, bytes.length - 2)))
      .to.throw(CodecError)
      .with.property('reason', 'invalid-body');
  });

  it('rejects a message of another method when a reader schema is given', () => {
    const bytes = codec.encode(entry, request);
    const other = catalog.entry('getTaxResidence', 1, 'request');
    expect(() => codec.decode(bytes, other))
      .to.throw(CodecError)
      .with.property('reason', 'unexpected-schema');
  });

  it('names the invalid field when a value does not fit', () => {
    expect(() => codec.encode(entry, { ...request, customerId: 42 }))
      .to.throw(CodecError)
      .with.property('message')
      .that.contains('customerId');
  });
});
