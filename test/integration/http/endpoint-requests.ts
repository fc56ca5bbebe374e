import type request from 'supertest';
import type { ApiVersion } from '../../../src/http/api-versions.js';
import type { EndpointDefinition } from '../../../src/http/endpoint.js';
import { endpointTable } from '../../../src/http/endpoint-table.js';
import { PATH_PARAMETER } from '../../../src/http/path-params.js';
import { sampleBodies } from './sample-bodies.js';

/** Ids that are well-formed but name nothing, for path parameters other than BANK_ID. */
const placeholderIds: Record<string, string> = {
  CUSTOMER_ID: '7uy8a7e4-6d02-40e3-a129-0b2bf89de8uh',
  USER_ID: '9ca9a7e4-6d02-40e3-a129-0b2bf89de9b1',
};

/** The concrete URL of `def` under `version`, with BANK_ID = `bankId` and placeholder ids. */
export function endpointUrl(
  def: EndpointDefinition,
  version: ApiVersion,
  bankId: string,
  ids: Record<string, string> = {},
): string {
  const path = def.path
    .split('/')
    .map((segment) => {
      if (!PATH_PARAMETER.test(segment)) return segment;
      if (segment === 'BANK_ID') return encodeURIComponent(bankId);
      return encodeURIComponent(
        ids[segment] ?? placeholderIds[segment] ?? '5995d6a2-01b3-423c-a173-5481df49bdaf',
      );
    })
    .join('/');
  return `/obp/${version}${path}`;
}

/** Sends `def`'s verb to `url` with its sample body (if it takes one). */
export function send(
  agent: request.Agent,
  def: EndpointDefinition,
  url: string,
  headers: Record<string, string> = {},
): request.Test {
  const verb = def.verb.toLowerCase() as 'get' | 'post' | 'put' | 'delete';
  const req = agent[verb](url).set(headers);
  return def.body ? req.send(sampleBodies[def.operationId] as object) : req;
}

/** The oldest and the newest version serving `def` (one entry when they coincide). */
export function edgeVersions(def: EndpointDefinition): ApiVersion[] {
  const first = def.versions[0] as ApiVersion;
  const last = def.versions[def.versions.length - 1] as ApiVersion;
  return first === last ? [first] : [first, last];
}

/** Every endpoint of the table. */
export const endpoints = endpointTable;
