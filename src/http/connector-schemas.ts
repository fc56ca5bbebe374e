import type { Request, Response } from 'express';
import { selfContainedSchema, type SchemaCatalog } from '../codec/schema-catalog.js';
import { currentVersion, methodNames, methodRegistry } from '../connector/method-registry.js';
import { ObpError } from '../errors/obp-error.js';
import { endpointsUsing } from './endpoint-table.js';
import type { FixedRoutes } from './fixed-routes.js';

const FINGERPRINT = /^[0-9a-f]{16}$/;

/**
 * The published message contract, anonymous like OBP's message docs, so an adapter in any
 * language can resolve a writer schema from the 8 fingerprint bytes of a message:
 *
 * - `GET /connector/schemas`: method, version, direction and fingerprint of every schema;
 * - `GET /connector/schemas/{fingerprint}`: that schema as self-contained Avro JSON;
 * - `GET /connector/methods`: each method's current version, kind, group and OBP endpoints.
 */
/** The fixed routes (`exact`) and the fingerprint route (`prefixed`). */
export function connectorSchemaRoutes(catalog: SchemaCatalog): {
  exact: FixedRoutes;
  prefixed: FixedRoutes;
} {
  const listing = {
    schemas: catalog.entries().map((e) => ({
      method: e.method,
      version: e.version,
      direction: e.direction,
      fingerprint: e.fingerprint,
    })),
  };
  const methods = {
    methods: methodNames.map((method) => ({
      method,
      version: currentVersion(method),
      kind: methodRegistry[method].kind,
      group: methodRegistry[method].group,
      endpoints: endpointsUsing(method),
    })),
  };

  const schemas = (req: Request, res: Response) => {
    req.operationId = 'connectorSchemas';
    res.json(listing);
  };
  const schema = (req: Request, res: Response) => {
    req.operationId = 'connectorSchema';
    const fingerprint = req.path.slice('/connector/schemas/'.length);
    if (!FINGERPRINT.test(fingerprint)) {
      throw new ObpError('InvalidUrlParameters', {
        detail: ' The fingerprint must be 16 lowercase hex digits.',
      });
    }
    const entry = catalog.byFingerprint(fingerprint);
    if (!entry)
      throw new ObpError('ResourceDoesNotExist', {
        detail: ` No schema has fingerprint ${fingerprint}.`,
      });
    res.json(selfContainedSchema(entry));
  };
  const methodList = (req: Request, res: Response) => {
    req.operationId = 'connectorMethods';
    res.json(methods);
  };
  return {
    exact: { 'GET /connector/schemas': schemas, 'GET /connector/methods': methodList },
    prefixed: { 'GET /connector/schemas/': schema },
  };
}
