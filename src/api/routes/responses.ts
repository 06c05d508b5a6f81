import { errorSchema } from '../errors.ts';

/** The error answers a route declares (validated on the way out and shown in the OpenAPI document). */
export function errorResponses(...statuses: readonly number[]): Record<number, typeof errorSchema> {
  return Object.fromEntries([400, 401, 429, ...statuses].map((status) => [status, errorSchema]));
}

/** The security requirement of every route behind a token, for the OpenAPI document. */
export const TOKEN_SECURITY = [{ manageApiToken: [] }];
