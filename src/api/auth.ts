import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Core, VerifiedToken } from '../core/index.ts';
import { ApiError } from './errors.ts';

/** The header Keboola's Management API takes its token in (any case, as HTTP headers are). */
export const TOKEN_HEADER = 'X-KBC-ManageApiToken';

declare module 'fastify' {
  interface FastifyRequest {
    /** Whom the request's token acts for; null until authenticated, and on public routes. */
    auth: VerifiedToken | null;
    /** Why the token did not authenticate (answered after the failure was counted). */
    authError: unknown;
  }
}

/** The token's owner account, for handlers behind `authenticate`. */
export function ownerOf(request: FastifyRequest): string {
  if (!request.auth) throw new Error('ownerOf: the route is not behind authenticate');
  return request.auth.accountId;
}

/**
 * Verifies the token of every request in `scope` before its body is read: a missing header is
 * TOKEN_MISSING; a malformed, unknown, deleted or expired token gets the core's code
 * (TOKEN_MALFORMED, TOKEN_INVALID, TOKEN_EXPIRED), all 401. The core looks the token up by its
 * hash in one indexed read and compares in constant time, and says nothing of other accounts.
 * The failure is kept, not thrown, so the failed-attempt limit counts it first (see server.ts).
 */
/** The token the request carries in TOKEN_HEADER (the first, if sent twice), or undefined. */
export function presentedToken(request: FastifyRequest): string | undefined {
  const header = request.headers[TOKEN_HEADER.toLowerCase()];
  return Array.isArray(header) ? header[0] : header;
}

export function authenticate(scope: FastifyInstance, core: Core): void {
  scope.addHook('onRequest', async (request) => {
    const secret = presentedToken(request);
    if (secret === undefined || secret.trim() === '') {
      request.authError = new ApiError(401, 'TOKEN_MISSING', `Send your Management API token in the ${TOKEN_HEADER} header.`);
      return;
    }
    try {
      request.auth = await core.tokens.verify(secret);
    } catch (error) {
      request.authError = error;
    }
  });
}

/** Answers the kept failure of `authenticate` (after the rate limits ran). */
export function rejectUnauthenticated(scope: FastifyInstance): void {
  scope.addHook('onRequest', async (request) => {
    if (!request.auth) throw request.authError;
  });
}
