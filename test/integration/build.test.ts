import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { startServe, type ServeProcess } from '../helpers/southgate-process.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');

describe('the compiled build (npm run build)', function () {
  this.timeout(180_000);
  let outDir: string;
  let dataDir: string;
  let gateway: ServeProcess | undefined;

  before(async () => {
    // What `npm run build` does, into a folder of this run's own (inside the repository, as
    // `dist/` is: the compiled code finds `schemas/` from where it lies).
    outDir = mkdtempSync(join(repoRoot, '.build-test-'));
    dataDir = mkdtempSync(join(tmpdir(), 'southgate-build-'));
    await promisify(execFile)(
      process.execPath,
      [tsc, '-p', 'tsconfig.build.json', '--outDir', outDir],
      { cwd: repoRoot },
    );
  });
  after(async () => {
    await gateway?.stop();
    rmSync(outDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves from plain JavaScript, without tsx: banks, and the schemas it finds beside it', async () => {
    // Plain node without a loader: TypeScript left on the path would fail to load.
    gateway = await startServe(
      { DATA_DIR: dataDir },
      60_000,
      'Southgate listening',
      join(outDir, 'src', 'main.js'),
    );
    const banks = (await (await fetch(`${gateway.baseUrl}/obp/v4.0.0/banks`)).json()) as {
      banks: { id: string }[];
    };
    expect(banks.banks.map((b) => b.id)).to.include('gh.29.uk');
    const schemas = (await (await fetch(`${gateway.baseUrl}/connector/schemas`)).json()) as {
      schemas: unknown[];
    };
    expect(schemas.schemas.length).to.be.greaterThan(50);
    expect(await gateway.stop()).to.equal(0);
    gateway = undefined;
  });
});
