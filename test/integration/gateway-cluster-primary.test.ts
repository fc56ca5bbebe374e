import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';

const fixture = fileURLToPath(new URL('../fixtures/dead-worker-send.ts', import.meta.url));

function runFixture(mode: 'guarded' | 'unguarded') {
  const run = spawnSync(process.execPath, ['--import', 'tsx', fixture, mode], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('gateway cluster primary', function () {
  this.timeout(120_000);

  it('outlives a message sent to a worker killed a moment before, and logs it', () => {
    const run = runFixture('guarded');
    expect(run.status, run.stderr).to.equal(0);
    const report = JSON.parse(run.stdout.trim()) as {
      connected: boolean;
      signal: string;
      lines: Record<string, unknown>[];
    };
    // The send did meet the dead worker as still connected: the case being guarded against.
    expect(report.connected).to.equal(true);
    expect(report.signal).to.equal('SIGKILL');
    expect(report.lines).to.have.length(1);
    expect(report.lines[0]).to.include({
      level: 'warn',
      message: 'a message to a gateway worker was not delivered',
      worker: 1,
    });
    expect(String(report.lines[0]?.error)).to.match(/EPIPE|ECONNRESET|channel closed/i);
  });

  it('without that guard the same send ends the primary (what the guard is for)', () => {
    const run = runFixture('unguarded');
    expect(run.status).to.equal(1);
    expect(run.stdout).to.equal('');
    expect(run.stderr).to.match(/Unhandled 'error' event|EPIPE/);
  });
});
