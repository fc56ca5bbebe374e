import { z } from 'zod';
import { since } from '../api-versions.js';
import { requireCustomer } from '../backend-lookups.js';
import { defineEndpoint } from '../endpoint.js';
import { obpDateTime } from '../json/obp-date.js';
import { socialMediaJson } from '../json/resource-json.js';

/** SocialMediaJSON. */
const socialMediaBody = z.object({
  customer_number: z.string().max(128),
  type: z.string().max(255),
  handle: z.string().max(1024),
  date_added: obpDateTime,
  date_activated: obpDateTime,
});

/** Social media handles (spec #32, #33): through the connector, unlike OBP's local table. */
export const socialMediaEndpoints = [
  defineEndpoint({
    operationId: 'OBPv2.0.0-addSocialMediaHandle',
    verb: 'POST',
    path: '/banks/BANK_ID/customers/CUSTOMER_ID/social_media_handles',
    versions: since('v2.0.0'),
    roles: [['CanAddSocialMediaHandle']],
    checks: ['body', 'bank', 'roles'],
    body: socialMediaBody,
    bodyName: 'SocialMediaJSON',
    successStatus: 201,
    connectorMethods: ['getBank', 'getCustomerByCustomerId', 'addSocialMediaHandle'],
    async handle(ctx) {
      const customer = await requireCustomer(ctx, ctx.params.CUSTOMER_ID as string);
      // OBP files the handle under the body's customer_number, unchecked, so it can land on
      // another customer; Southgate files it under the URL's customer and that customer's number.
      await ctx.services.connector.call(
        'addSocialMediaHandle',
        {
          bankId: customer.bankId,
          customerId: customer.customerId,
          customerNumber: customer.number,
          type: ctx.body.type,
          handle: ctx.body.handle,
          dateAdded: ctx.body.date_added,
          dateActivated: ctx.body.date_activated,
        },
        ctx.call,
      );
      return { success: 'Success' };
    },
  }),
  defineEndpoint({
    operationId: 'OBPv2.0.0-getSocialMediaHandles',
    verb: 'GET',
    path: '/banks/BANK_ID/customers/CUSTOMER_ID/social_media_handles',
    versions: since('v2.0.0'),
    roles: [['CanGetSocialMediaHandles']],
    successStatus: 200,
    connectorMethods: ['getBank', 'getCustomerByCustomerId', 'getSocialMediaHandles'],
    async handle(ctx) {
      const customer = await requireCustomer(ctx, ctx.params.CUSTOMER_ID as string);
      const handles = await ctx.services.connector.call(
        'getSocialMediaHandles',
        { bankId: customer.bankId, customerId: customer.customerId },
        ctx.call,
      );
      // The key really is `checks` in OBP's SocialMediasJSON.
      return { checks: handles.map(socialMediaJson) };
    },
  }),
];
