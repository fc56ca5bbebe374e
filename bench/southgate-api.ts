/** The bank every scenario works at (the memory adapter's demo bank). */
export const benchBankId = 'gh.29.uk';

/** The body of the v5.1.0 create-customer request: only the two required fields. */
export const createCustomerBody = JSON.stringify({
  legal_name: 'Eveline Tripman',
  mobile_phone_number: '+44 07972 444 876',
});

/** The super admin and consumer a benchmark gateway is bootstrapped with. */
export interface BenchCredentials {
  readonly username: string;
  readonly password: string;
  readonly consumerKey: string;
}

/** A logged-in admin holding CanCreateCustomer and CanGetCustomer, and one customer to read. */
export interface PreparedGateway {
  readonly baseUrl: string;
  /** The value of the `DirectLogin` header: `token=…`. */
  readonly directLogin: string;
  readonly customerId: string;
}

/**
 * Sets a fresh gateway up through its HTTP API, as a client would: DirectLogin, grants the two
 * customer roles at the bench bank to the admin itself, creates one customer. Throws an Error
 * with the status and body of the first call that fails.
 */
export async function prepareGateway(
  baseUrl: string,
  credentials: BenchCredentials,
): Promise<PreparedGateway> {
  const { token } = await call<{ token: string }>(baseUrl, 'POST', '/my/logins/direct', {
    headers: {
      DirectLogin: `username=${credentials.username}, password=${credentials.password}, consumer_key=${credentials.consumerKey}`,
    },
  });
  const directLogin = `token=${token}`;
  const auth = { DirectLogin: directLogin };
  const me = await call<{ user_id: string }>(baseUrl, 'GET', '/obp/v5.1.0/users/current', {
    headers: auth,
  });
  for (const role of ['CanCreateCustomer', 'CanGetCustomer']) {
    await call(baseUrl, 'POST', `/obp/v5.1.0/users/${me.user_id}/entitlements`, {
      headers: auth,
      body: JSON.stringify({ bank_id: benchBankId, role_name: role }),
    });
  }
  const customer = await call<{ customer_id: string }>(
    baseUrl,
    'POST',
    `/obp/v5.1.0/banks/${benchBankId}/customers`,
    { headers: auth, body: createCustomerBody },
  );
  return { baseUrl, directLogin, customerId: customer.customer_id };
}

async function call<T = unknown>(
  baseUrl: string,
  method: 'GET' | 'POST',
  path: string,
  options: { headers: Record<string, string>; body?: string },
): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...options.headers,
      ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(options.body === undefined ? {} : { body: options.body }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}
