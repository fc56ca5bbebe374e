import { expect } from 'chai';
import { Readiness, type ReadinessReport } from '../../../src/http/readiness.js';

const passing = { name: 'store', check: () => Promise.resolve({ ok: true }) };
const failing = { name: 'transport', check: () => Promise.reject(new Error('broker gone')) };
const ready: ReadinessReport = { ready: true, checks: { store: { ok: true } } };
const restarting: ReadinessReport = { ready: false, serving: false, checks: {}, error: 'exited' };
const hung: ReadinessReport = { ready: false, checks: {}, error: 'no answer within 3000 ms' };

describe('Readiness', () => {
  it("answers a single process's probes; a rejected probe is a failed check", async () => {
    expect(await new Readiness([passing]).answer()).to.deep.equal(ready);
    const answer = await new Readiness([passing, failing]).answer();
    expect(answer.ready).to.equal(false);
    expect(answer.checks.transport).to.deep.equal({ ok: false, error: 'Error: broker gone' });
  });

  describe('in a cluster', () => {
    const clustered = (workers: Record<string, ReadinessReport> | Error) => {
      const readiness = new Readiness([passing]);
      readiness.gatherFrom(1, () =>
        workers instanceof Error ? Promise.reject(workers) : Promise.resolve(workers),
      );
      return readiness.answer();
    };

    it('is ready when every worker is, with its own checks and every worker listed', async () => {
      const answer = await clustered({ '1': ready, '2': ready });
      expect(answer).to.deep.equal({ ...ready, worker: 1, workers: { '1': ready, '2': ready } });
    });

    it('is not ready when a worker that gets connections fails or does not answer', async () => {
      expect((await clustered({ '1': ready, '2': hung })).ready).to.equal(false);
      expect((await clustered({ '1': hung, '2': ready })).ready).to.equal(false);
    });

    it('ignores a worker being restarted, as long as one serves', async () => {
      expect((await clustered({ '1': ready, '2': restarting })).ready).to.equal(true);
      expect((await clustered({ '1': restarting, '2': restarting })).ready).to.equal(false);
    });

    it('is not ready, with its own checks and the reason, when the primary does not answer', async () => {
      const answer = await clustered(new Error('the cluster primary sent no readiness'));
      expect(answer).to.deep.equal({
        ...ready,
        ready: false,
        worker: 1,
        error: 'Error: the cluster primary sent no readiness',
      });
    });
  });
});
