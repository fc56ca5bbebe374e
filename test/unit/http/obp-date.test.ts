import { expect } from 'chai';
import { formatDateTime, formatDay, parseObpDate } from '../../../src/http/json/obp-date.js';

describe('obp-date', () => {
  it("parses OBP's yyyy-MM-dd'T'HH:mm:ss'Z'", () => {
    expect(parseObpDate('2013-01-21T23:08:00Z')?.toISOString()).to.equal(
      '2013-01-21T23:08:00.000Z',
    );
  });

  it('also accepts milliseconds, offsets and a bare day', () => {
    expect(parseObpDate('2024-02-13T20:38:16.606Z')?.toISOString()).to.equal(
      '2024-02-13T20:38:16.606Z',
    );
    expect(parseObpDate('2024-02-13T22:38:16+02:00')?.toISOString()).to.equal(
      '2024-02-13T20:38:16.000Z',
    );
    expect(parseObpDate('2018-03-09')?.toISOString()).to.equal('2018-03-09T00:00:00.000Z');
  });

  it('rejects impossible and malformed dates', () => {
    for (const text of [
      '2021-02-30T00:00:00Z',
      '2021-13-01',
      '19900101',
      'yesterday',
      '2021-01-01T25:00:00Z',
      '',
    ]) {
      expect(parseObpDate(text), text).to.equal(undefined);
    }
  });

  it('formats date-times without milliseconds and days as yyyy-MM-dd; null stays null', () => {
    const date = new Date('2017-09-19T07:08:09.123Z');
    expect(formatDateTime(date)).to.equal('2017-09-19T07:08:09Z');
    expect(formatDay(date)).to.equal('2017-09-19');
    expect(formatDateTime(null)).to.equal(null);
    expect(formatDay(null)).to.equal(null);
  });
});
