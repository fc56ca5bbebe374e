import { expect } from 'chai';
import { customerPageQuery } from '../../../../connectors/sql/customer-query-handlers.js';

describe('customerPageQuery', () => {
  const hostile = "x'; DROP TABLE customers; --";
  const from = new Date('2024-01-01T00:00:00.001Z');

  it('puts every value in a parameter, never in the text', () => {
    const { text, params } = customerPageQuery({
      bankId: hostile,
      limit: 7,
      offset: 3,
      fromDate: from,
      toDate: null,
      sortDirection: 'DESC',
      attributeFilters: [{ name: hostile, value: `${hostile}2` }],
    });
    expect(text).to.not.include('DROP');
    expect(text).to.not.include('2024');
    expect(params).to.deep.equal([hostile, from, hostile, `${hostile}2`, 7, 3]);
    expect(text).to.match(/c\.bank_id = \$1 AND c\.created_at >= \$2 AND EXISTS .* \$3 .* \$4\)/);
    expect(text).to.match(/ORDER BY c\.created_at DESC, c\.customer_id DESC LIMIT \$5 OFFSET \$6$/);
  });

  it('leaves out the conditions a query does not use', () => {
    const { text, params } = customerPageQuery({
      bankId: null,
      limit: 50,
      offset: 0,
      fromDate: null,
      toDate: null,
      sortDirection: 'ASC',
      attributeFilters: [],
    });
    expect(text).to.not.include('WHERE');
    expect(text).to.match(/ORDER BY c\.created_at ASC, c\.customer_id ASC LIMIT \$1 OFFSET \$2$/);
    expect(params).to.deep.equal([50, 0]);
  });
});
