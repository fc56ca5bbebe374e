import { expect } from 'chai';
import { methodVersions } from '../../src/codec/generated/messages.js';
import { methodNames } from '../../src/connector/method-registry.js';
import type { ContractFixture } from './contract-fixture.js';

/** getAdapterInfo: a conforming adapter implements every method of the registry. */
export function describeAdapterInfoContract(fixture: ContractFixture): void {
  describe('getAdapterInfo', () => {
    it('names the adapter and lists every method at its current version', async () => {
      const info = await fixture.call('getAdapterInfo', {});
      expect(info.name).to.be.a('string').and.not.equal('');
      expect(info.version).to.be.a('string').and.not.equal('');
      expect(info.date).to.be.instanceOf(Date);
      const expected = [...methodNames]
        .sort()
        .map((method) => ({ method, version: methodVersions[method] }));
      expect(info.methods).to.deep.equal(expected);
    });
  });
}
