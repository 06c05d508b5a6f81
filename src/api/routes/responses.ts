import { errorSchema } from '../errors.ts';

/**
 * The error answers a route declares (validated on the way out and shown in the OpenAPI
 * document): those every route can give (a bad request, a token refused, a body too large or not
 * JSON, too many requests, the store unavailable) and `statuses`.
 */
export function errorResponses(...statuses: readonly number[]): Record<number, typeof errorSchema> {
  return Object.fromEntries([400, 401, 413, 415, 429, 503, ...statuses].map((status) => [status, errorSchema]));
}

/** The security requirement of every route behind a token, for the OpenAPI document. */
export const TOKEN_SECURITY = [{ manageApiToken: [] }];
