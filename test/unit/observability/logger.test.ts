import { expect } from 'chai';
import winston from 'winston';
import {
  boundedJson,
  createLogger,
  MAX_LOG_LINE_BYTES,
} from '../../../src/observability/logger.js';

const MESSAGE = Symbol.for('message');
const LEVEL = Symbol.for('level');

/** The line `boundedJson` makes of `fields` (as a winston entry at info level). */
function lineOf(fields: Record<string, unknown>, keep: string[] = []): string {
  const info = { [LEVEL]: 'info', level: 'info', message: 'request', ...fields };
  const out = boundedJson(MAX_LOG_LINE_BYTES, keep).transform(info, {}) as Record<symbol, unknown>;
  expect(out[LEVEL]).to.equal('info');
  return String(out[MESSAGE]);
}

const bytes = (line: string) => Buffer.byteLength(line) + 1;

describe('log lines', () => {
  it('are the plain JSON line when short', () => {
    const line = lineOf({ correlationId: 'c-1', status: 200 });
    expect(JSON.parse(line)).to.deep.equal({
      level: 'info',
      message: 'request',
      correlationId: 'c-1',
      status: 200,
    });
  });

  it('cut long strings to fit in one pipe write, keeping the short fields', () => {
    const path = `/obp/v5.1.0/banks/${'x'.repeat(10_000)}`;
    const line = lineOf({ correlationId: 'c-2', path, status: 404 });
    expect(bytes(line)).to.be.at.most(MAX_LOG_LINE_BYTES);
    const entry = JSON.parse(line) as Record<string, unknown>;
    expect(entry).to.include({ correlationId: 'c-2', status: 404, truncated: true });
    expect(entry.path).to.match(/^\/obp\/v5\.1\.0\/banks\/x+…\[\+\d+ chars\]$/);
  });

  it('count bytes, not characters', () => {
    const line = lineOf({ note: '€'.repeat(3_000) });
    expect(bytes(line)).to.be.at.most(MAX_LOG_LINE_BYTES);
    expect(JSON.parse(line)).to.have.property('truncated', true);
  });

  it('cut nested strings and error stacks too', () => {
    const error = new Error('boom');
    error.stack = `Error: boom\n${'    at somewhere (file.ts:1:1)\n'.repeat(400)}`;
    const line = lineOf({ error, details: { reasons: ['y'.repeat(5_000)] } });
    expect(bytes(line)).to.be.at.most(MAX_LOG_LINE_BYTES);
    const entry = JSON.parse(line) as { details: { reasons: string[] } };
    expect(entry.details.reasons[0]).to.match(/^y+…\[\+\d+ chars\]$/);
  });

  it('keep only level, time, message and the named fields when cutting strings is not enough', () => {
    const many = Object.fromEntries(
      Array.from({ length: 500 }, (_, i) => [`field${i}`, 'z'.repeat(20)]),
    );
    const line = lineOf(
      { ...many, timestamp: '2026-11-21T00:00:00.000Z', correlationId: 'c-3', worker: 2 },
      ['correlationId', 'worker'],
    );
    expect(JSON.parse(line)).to.deep.equal({
      level: 'info',
      message: 'request',
      timestamp: '2026-11-21T00:00:00.000Z',
      correlationId: 'c-3',
      worker: 2,
      truncated: true,
    });
  });

  it("are bounded in the gateway's own logger", () => {
    const written: string[] = [];
    const transport = new winston.transports.Console();
    transport.log = (info: Record<symbol, unknown>, next: () => void) => {
      written.push(String(info[MESSAGE]));
      next();
    };
    const logger = createLogger('info', { worker: 1 });
    logger.clear().add(transport);
    logger.info('request', { path: 'p'.repeat(20_000) });
    expect(written).to.have.length(1);
    expect(bytes(written[0] as string)).to.be.at.most(MAX_LOG_LINE_BYTES);
    expect(JSON.parse(written[0] as string)).to.include({ worker: 1, truncated: true });
  });
});
