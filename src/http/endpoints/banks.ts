import { z } from 'zod';
import { ObpError } from '../../errors/obp-error.js';
import { between, since } from '../api-versions.js';
import { defineEndpoint } from '../endpoint.js';
import { bankJson400, bankJsonV121 } from '../json/resource-json.js';

const bankIdPattern = /^[A-Za-z0-9._-]{1,254}$/;

/** BankJson400 as a create body. */
const createBankBody = z.object({
  id: z.string().regex(bankIdPattern, {
    message: "must only contain 0-9/a-z/A-Z/'-'/'.'/'_' and be shorter than 255",
  }),
  short_name: z.string().max(255),
  full_name: z.string().max(1024),
  logo: z.string().max(2048),
  website: z.string().max(2048),
  bank_routings: z
    .array(z.object({ scheme: z.string().max(64), address: z.string().max(255) }))
    .max(20),
});

/**
 * Banks: the public directory (anonymous, as in OBP) and creation of a bank (OBP v4.0.0
 * createBank, role CanCreateBank) so a backend can be given banks through the API.
 */
export const bankEndpoints = [
  defineEndpoint({
    operationId: 'OBPv1.2.1-getBanks',
    verb: 'GET',
    path: '/banks',
    versions: between('v1.4.0', 'v3.1.0'),
    auth: 'optional',
    successStatus: 200,
    connectorMethods: ['getBanks'],
    async handle(ctx) {
      return {
        banks: (await ctx.services.connector.call('getBanks', {}, ctx.call)).map(bankJsonV121),
      };
    },
  }),
  defineEndpoint({
    operationId: 'OBPv4.0.0-getBanks',
    verb: 'GET',
    path: '/banks',
    versions: since('v4.0.0'),
    auth: 'optional',
    successStatus: 200,
    connectorMethods: ['getBanks'],
    async handle(ctx) {
      return {
        banks: (await ctx.services.connector.call('getBanks', {}, ctx.call)).map(bankJson400),
      };
    },
  }),
  defineEndpoint({
    operationId: 'OBPv1.2.1-getBankById',
    verb: 'GET',
    path: '/banks/BANK_ID',
    versions: between('v1.4.0', 'v3.1.0'),
    auth: 'optional',
    successStatus: 200,
    connectorMethods: ['getBank'],
    handle: (ctx) => Promise.resolve(bankJsonV121(ctx.bank as NonNullable<typeof ctx.bank>)),
  }),
  defineEndpoint({
    operationId: 'OBPv4.0.0-getBank',
    verb: 'GET',
    path: '/banks/BANK_ID',
    versions: since('v4.0.0'),
    auth: 'optional',
    successStatus: 200,
    connectorMethods: ['getBank'],
    handle: (ctx) => Promise.resolve(bankJson400(ctx.bank as NonNullable<typeof ctx.bank>)),
  }),
  defineEndpoint({
    operationId: 'OBPv4.0.0-createBank',
    verb: 'POST',
    path: '/banks',
    versions: since('v4.0.0'),
    roles: [['CanCreateBank']],
    checks: ['roles', 'body'],
    body: createBankBody,
    bodyName: 'BankJson400',
    successStatus: 201,
    connectorMethods: ['getBank', 'createOrUpdateBank'],
    async handle(ctx) {
      const b = ctx.body;
      const existing = await ctx.services.connector
        .call('getBank', { bankId: b.id }, ctx.call)
        .catch((err: unknown) => {
          if (err instanceof ObpError && err.errorName === 'BankNotFound') return undefined;
          throw err;
        });
      if (existing)
        throw new ObpError('BankIdAlreadyExists', { detail: ` Current BANK_ID(${b.id})` });
      const bank = await ctx.services.connector.call(
        'createOrUpdateBank',
        {
          bankId: b.id,
          shortName: b.short_name,
          fullName: b.full_name,
          logoUrl: b.logo,
          websiteUrl: b.website,
          bankRoutings: b.bank_routings,
        },
        ctx.call,
      );
      ctx.services.banks.forget(bank.bankId);
      return bankJson400(bank);
    },
  }),
];
