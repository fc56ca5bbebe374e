/** The OBP API versions Southgate serves, oldest first (spec/obp-endpoints.md §1.1). */
export const apiVersions = [
  'v1.4.0',
  'v2.0.0',
  'v2.1.0',
  'v2.2.0',
  'v3.0.0',
  'v3.1.0',
  'v4.0.0',
  'v5.0.0',
  'v5.1.0',
] as const;

export type ApiVersion = (typeof apiVersions)[number];

/** `from` and every newer version. */
export function since(from: ApiVersion): ApiVersion[] {
  return apiVersions.slice(apiVersions.indexOf(from));
}

/** The versions from `from` to `to`, both included. */
export function between(from: ApiVersion, to: ApiVersion): ApiVersion[] {
  return apiVersions.slice(apiVersions.indexOf(from), apiVersions.indexOf(to) + 1);
}
