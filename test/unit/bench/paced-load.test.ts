import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { pacedLoad, parseResponse } from '../../../bench/paced-load.js';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse, index: number) => void;

/** A local HTTP server answering with `handler`; its URL and the requests it saw. */
async function serve(handler: Handler): Promise<{
  url: string;
  server: Server;
  seen: { port: number; method: string; body: string }[];
}> {
  const seen: { port: number; method: string; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      seen.push({ port: req.socket.remotePort ?? 0, method: req.method ?? '', body });
      handler(req, body, res, seen.length - 1);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/things`, server, seen };
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Answers as Express does: with Content-Length (the paced load reads no chunked bodies). */
const json = (res: ServerResponse, status = 200): void => {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': 11 });
  res.end('{"ok":true}');
};

describe('pacedLoad', () => {
  it('sends rate × duration requests round robin over the connections and counts the answers', async () => {
    const { url, server, seen } = await serve((_req, _body, res, index) =>
      json(res, index % 10 === 9 ? 404 : 201),
    );
    try {
      const result = await pacedLoad(
        { url, method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"a":"é"}' },
        { connections: 4, rate: 200, durationSeconds: 0.5, timeoutSeconds: 5 },
      );
      expect(seen).to.have.length(100);
      expect(result.latenciesMs).to.have.length(100);
      expect(result.statusCodes).to.deep.equal({ 201: 90, 404: 10 });
      expect(result.errors).to.equal(0);
      expect(result.timeouts).to.equal(0);
      expect(seen.every((s) => s.method === 'POST' && s.body === '{"a":"é"}')).to.equal(true);
      const perConnection = new Map<number, number>();
      for (const { port } of seen) perConnection.set(port, (perConnection.get(port) ?? 0) + 1);
      expect([...perConnection.values()]).to.deep.equal([25, 25, 25, 25]);
      // Sorted, and the offered load took at least its duration.
      expect([...result.latenciesMs]).to.deep.equal([...result.latenciesMs].sort((a, b) => a - b));
      expect(result.elapsedSeconds).to.be.at.least(0.49);
    } finally {
      await close(server);
    }
  });

  it('counts latency from when a request was due, so a stall is charged to the requests queued behind it', async () => {
    // The first request (connection 0) is held 300 ms; everything else is answered at once.
    const { url, server } = await serve((_req, _body, res, index) => {
      if (index === 0) setTimeout(() => json(res), 300);
      else json(res);
    });
    try {
      const result = await pacedLoad(
        { url, method: 'GET', headers: {} },
        { connections: 2, rate: 100, durationSeconds: 1, timeoutSeconds: 5 },
      );
      expect(result.latenciesMs).to.have.length(100);
      // Connection 0's requests due in the first 300 ms (k = 0, 2, …, 28) waited for the stall:
      // k = 0…18 were due at least 110 ms before it ended.
      const delayed = [...result.latenciesMs].filter((ms) => ms >= 100);
      expect(delayed.length).to.be.at.least(10);
    } finally {
      await close(server);
    }
  });

  it('opens a connection again when the server closed it while idle (a low rate)', async () => {
    // Every answer closes its connection; each connection then stays idle for 200 ms.
    const { url, server, seen } = await serve((_req, _body, res) => {
      res.setHeader('Connection', 'close');
      json(res);
    });
    try {
      const result = await pacedLoad(
        { url, method: 'GET', headers: {} },
        { connections: 2, rate: 10, durationSeconds: 1, timeoutSeconds: 5 },
      );
      expect(result.latenciesMs).to.have.length(10);
      expect(result.errors).to.equal(0);
      expect(new Set(seen.map((s) => s.port)).size).to.equal(10);
    } finally {
      await close(server);
    }
  });

  it('counts the requests of a connection that fails as errors, and those never answered as timeouts', async () => {
    let held: ServerResponse | undefined;
    const { url, server } = await serve((req, _body, res, index) => {
      if (index === 3) req.socket.destroy();
      else if (index === 6) held = res;
      else json(res);
    });
    try {
      const result = await pacedLoad(
        { url, method: 'GET', headers: {} },
        { connections: 3, rate: 60, durationSeconds: 0.5, timeoutSeconds: 0.3 },
      );
      // Only the request on the broken connection is lost: the lane opens a new one.
      expect(result.errors).to.equal(1);
      expect(result.timeouts).to.be.at.least(1);
      expect(result.latenciesMs.length + result.errors + result.timeouts).to.equal(30);
    } finally {
      held?.destroy();
      await close(server);
    }
  });
});

describe('parseResponse', () => {
  const response = (head: string, body = ''): Buffer => Buffer.from(`${head}\r\n\r\n${body}`);

  it('reads the status and the length of a response with Content-Length', () => {
    const bytes = response('HTTP/1.1 201 Created\r\ncontent-length: 5', 'hello');
    expect(parseResponse(bytes)).to.deep.equal({ status: 201, length: bytes.length });
  });

  it('finds the first of two responses in one chunk', () => {
    const first = response('HTTP/1.1 200 OK\r\nContent-Length: 2', 'ok');
    const bytes = Buffer.concat([first, response('HTTP/1.1 404 Not Found\r\nContent-Length: 0')]);
    expect(parseResponse(bytes)).to.deep.equal({ status: 200, length: first.length });
  });

  it('waits for the rest of a head or a body', () => {
    expect(parseResponse(Buffer.from('HTTP/1.1 200 OK\r\nContent-Len'))).to.equal('incomplete');
    const bytes = response('HTTP/1.1 200 OK\r\nContent-Length: 10', 'hello');
    expect(parseResponse(bytes)).to.equal('incomplete');
  });

  it('needs no Content-Length for 204', () => {
    const bytes = response('HTTP/1.1 204 No Content\r\nX-A: b');
    expect(parseResponse(bytes)).to.deep.equal({ status: 204, length: bytes.length });
  });

  it('refuses chunked bodies and what is not HTTP', () => {
    const chunked = response(
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked',
      '2\r\nok\r\n0\r\n\r\n',
    );
    expect(parseResponse(chunked)).to.equal('invalid');
    expect(parseResponse(response('SSH-2.0-OpenSSH'))).to.equal('invalid');
    expect(parseResponse(response('HTTP/1.1 200 OK\r\nX-Content-Length: 3', 'abc'))).to.equal(
      'invalid',
    );
  });
});
