import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Core, VerifiedToken } from '../core/index.ts';
import { ApiError } from './errors.ts';
import type { RateLimiter } from './rate-limit.ts';

/** The header Keboola's Management API takes its token in (any case, as HTTP headers are). */
export const TOKEN_HEADER = 'X-KBC-ManageApiToken';

declare module 'fastify' {
  interface FastifyRequest {
    /** Whom the request's token acts for; null until authenticated, and on public routes. */
    auth: VerifiedToken | null;
  }
}

/** The token's owner account, for handlers behind `authenticate`. */
export function ownerOf(request: FastifyRequest): string {
  if (!request.auth) throw new Error('ownerOf: the route is not behind authenticate');
  return request.auth.accountId;
}

/** The token the request carries in TOKEN_HEADER (the first, if sent twice), or undefined. */
export function presentedToken(request: FastifyRequest): string | undefined {
  const header = request.headers[TOKEN_HEADER.toLowerCase()];
  return Array.isArray(header) ? header[0] : header;
}

/**
 * Every request in `scope` is authenticated before its body is read, in one onRequest hook:
 * 1. its token is verified: a missing header is TOKEN_MISSING; a malformed, unknown, deleted or
 *    expired token gets the core's code (TOKEN_MALFORMED, TOKEN_INVALID, TOKEN_EXPIRED), all 401.
 *    The core looks the token up by its hash in one indexed read and compares in constant time,
 *    and says nothing of other accounts;
 * 2. `limits` count it, per token when it authenticated, else per client address, and throw
 *    their 429 first: a failure is counted before it is answered;
 * 3. a token that did not authenticate is refused.
 * One hook rather than three: each hook is a step of its own in Fastify's request path, and
 * this is the path of every API call.
 */
export function authenticate(scope: FastifyInstance, core: Core, limits: { readonly valid: RateLimiter; readonly failed: RateLimiter }): void {
  scope.addHook('onRequest', async (request, reply) => {
    const secret = presentedToken(request);
    let failure: unknown = null;
    if (secret === undefined || secret.trim() === '') {
      failure = new ApiError(401, 'TOKEN_MISSING', `Send your Management API token in the ${TOKEN_HEADER} header.`);
    } else {
      try {
        request.auth = await core.tokens.verify(secret);
      } catch (error) {
        failure = error;
      }
    }
    if (failure === null) limits.valid.take(request.auth!.tokenId, reply);
    else limits.failed.take(request.ip, reply);
    if (failure !== null) throw failure;
  });
}
