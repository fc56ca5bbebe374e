import { ObpError } from '../../errors/obp-error.js';
import { since } from '../api-versions.js';
import { defineEndpoint } from '../endpoint.js';
import { crmEventJson } from '../json/resource-json.js';

/** CRM events (spec #34): through the connector, unlike OBP's local table. */
export const crmEventEndpoints = [
  defineEndpoint({
    operationId: 'OBPv1.4.0-getCrmEvents',
    verb: 'GET',
    path: '/banks/BANK_ID/crm-events',
    versions: since('v1.4.0'),
    successStatus: 200,
    connectorMethods: ['getBank', 'getCrmEvents'],
    async handle(ctx) {
      const events = await ctx.services.connector.call(
        'getCrmEvents',
        { bankId: ctx.params.BANK_ID as string },
        ctx.call,
      );
      // OBP answers an empty list with this code-less 404.
      if (events.length === 0) throw new ObpError('NoCrmEventsAvailable');
      return { crm_events: events.map(crmEventJson) };
    },
  }),
];
