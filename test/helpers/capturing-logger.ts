import { Writable } from 'node:stream';
import winston from 'winston';

/** A winston logger at info level whose JSON lines land in `lines`. */
export function capturingLogger(lines: Record<string, unknown>[]): winston.Logger {
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return winston.createLogger({
    level: 'info',
    format: winston.format.json(),
    transports: [new winston.transports.Stream({ stream })],
  });
}
