// Scenario (a)'s server, run as its own process: the least an Express app can do for a GET that
// answers a customer, with the same Node, Express and tsx loader as Southgate. It prints one JSON
// line with its port, as `southgate serve` does.
import express from 'express';

/** A customer as `GET …/customers/CUSTOMER_ID` answers it (about 600 bytes of JSON). */
const customer = {
  bank_id: 'gh.29.uk',
  customer_id: '7uy8a7e4-6d02-40e3-a129-0b2bf89de8uh',
  customer_number: '5987953',
  legal_name: 'Eveline Tripman',
  mobile_phone_number: '+44 07972 444 876',
  email: 'felixsmith@example.com',
  face_image: { url: 'www.openbankproject', date: '1100-01-01T00:00:00Z' },
  date_of_birth: '1100-01-01T00:00:00Z',
  relationship_status: 'single',
  dependants: 0,
  dob_of_dependants: [],
  credit_rating: { rating: '', source: '' },
  credit_limit: { currency: 'EUR', amount: '0' },
  highest_education_attained: '',
  employment_status: '',
  kyc_status: false,
  last_ok_date: '1100-01-01T00:00:00Z',
  title: '',
  branch_id: '',
  name_suffix: '',
  customer_attributes: [],
};

const app = express();
app.disable('x-powered-by');
app.get('/customers/:id', (_req, res) => {
  res.json(customer);
});

const server = app.listen(Number(process.env.PORT ?? 0), () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ message: 'bare express listening', port })}\n`);
});
process.on('SIGTERM', () => server.close());
