import { expect } from 'chai';
import { SqlAdapterFault, sqlFailure } from '../../../../connectors/sql/sql-failure.js';
import { AdapterError } from '../../../../src/adapter/index.js';

/** A server error report as pg and PGlite raise it, with a value in its message and detail. */
function serverError(code: string, fields: Record<string, string> = {}): Error {
  return Object.assign(new Error('value "Eveline Tripman" is wrong'), {
    severity: 'ERROR',
    code,
    detail: 'Key (legal_name)=(Eveline Tripman) already exists.',
    ...fields,
  });
}

function nameOf(err: Error): string {
  return err instanceof AdapterError ? err.errorName : err.name;
}

describe('sqlFailure', () => {
  it('maps violated constraints to their OBP errors by name', () => {
    const cases: [string, string, string][] = [
      ['23505', 'customers_number_unique', 'CustomerNumberAlreadyExists'],
      ['23505', 'user_customer_links_pair_unique', 'CustomerAlreadyExistsForUser'],
      ['23503', 'customers_bank_fk', 'BankNotFound'],
      ['23503', 'meetings_bank_fk', 'BankNotFound'],
      ['23503', 'customer_addresses_customer_fk', 'CustomerNotFoundByCustomerId'],
      ['23503', 'tax_residences_customer_fk', 'CustomerNotFoundByCustomerId'],
    ];
    for (const [code, constraint, name] of cases) {
      expect(nameOf(sqlFailure(serverError(code, { constraint }))), constraint).to.equal(name);
    }
  });

  it('maps client data the database cannot store to 4xx errors', () => {
    expect(nameOf(sqlFailure(serverError('22021')))).to.equal('InvalidJsonContent');
    expect(nameOf(sqlFailure(serverError('22008')))).to.equal('InvalidJsonContent');
    expect(nameOf(sqlFailure(serverError('54000')))).to.equal('InvalidValueLength');
  });

  it('reports an unreachable or overloaded database as retriable OBP-50003', () => {
    const unavailable = [
      serverError('57P01'),
      serverError('08006'),
      serverError('53300'),
      serverError('40P01'),
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      new Error('timeout exceeded when trying to connect'),
      new Error('Connection terminated unexpectedly'),
    ];
    for (const err of unavailable) {
      expect(nameOf(sqlFailure(err)), err.message).to.equal('AdapterOrCoreBankingSystemException');
    }
  });

  it('hides the message, detail and parameters of any other server error', () => {
    const failure = sqlFailure(
      serverError('42P01', { table: 'customers', routine: 'parserOpenTable' }),
    );
    expect(failure).to.be.instanceOf(SqlAdapterFault);
    expect(failure.message).to.equal(
      'Database error SQLSTATE 42P01 (table customers, routine parserOpenTable)',
    );
    expect(JSON.stringify(failure)).to.not.include('Eveline');
  });

  it('passes AdapterErrors and errors of the adapter itself through unchanged', () => {
    const known = new AdapterError('BankNotFound', 'No bank.');
    const bug = new TypeError('x is not a function');
    expect(sqlFailure(known)).to.equal(known);
    expect(sqlFailure(bug)).to.equal(bug);
  });
});
