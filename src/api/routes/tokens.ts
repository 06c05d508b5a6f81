import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Core } from '../../core/index.ts';
import { ownerOf, presentedToken } from '../auth.ts';
import { ApiError } from '../errors.ts';
import { presentToken, presentVerifiedToken } from '../present.ts';
import { emptyBody, idParams, rotateBody, rotatedSchema, tokenSchema, verifiedTokenSchema } from '../schemas.ts';
import { errorResponses, TOKEN_SECURITY } from './responses.ts';

/** Token verification and the user's own tokens: list and delete; creating one is refused. */
export function tokenRoutes(core: Core): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/manage/tokens/verify',
      {
        schema: {
          summary: 'Verify the token',
          description: 'Who the token in X-KBC-ManageApiToken belongs to, and the token itself. Records its use (at most once a minute).',
          tags: ['tokens'],
          security: TOKEN_SECURITY,
          response: { 200: verifiedTokenSchema, ...errorResponses() },
        },
      },
      async (request) => {
        // Authenticated already: the core's verify answered the token and its owner.
        const verified = request.auth!;
        return presentVerifiedToken(verified.token, verified.account);
      },
    );

    app.post(
      '/manage/tokens/rotate',
      {
        schema: {
          summary: 'Rotate the token',
          description:
            'Replaces the token in X-KBC-ManageApiToken by a new one with the same description and as long a lifetime from now; the new secret is in `token`, shown this once. The old token keeps working for `graceSeconds` (default and at most 3600; 0 revokes it at once). 409 TOKEN_ALREADY_ROTATED while it is in the grace of an earlier rotation; a rotated token presented after its grace revokes its whole family (401 TOKEN_REVOKED).',
          tags: ['tokens'],
          security: TOKEN_SECURITY,
          body: rotateBody,
          response: { 201: rotatedSchema, ...errorResponses(409) },
        },
      },
      async (request, reply) => {
        // Authenticated already (see auth.ts): the token rotates itself.
        const secret = presentedToken(request)!;
        const body = request.body;
        const graceSeconds = body && !Array.isArray(body) ? body.graceSeconds : undefined;
        const rotated = await core.tokens.rotate(secret, { source: 'api', ...(graceSeconds !== undefined ? { graceSeconds } : {}) });
        return reply.code(201).send({ ...presentToken(rotated.token), token: rotated.secret, previous: presentToken(rotated.previous) });
      },
    );

    app.get(
      '/manage/current-user/tokens',
      {
        schema: {
          summary: 'List your tokens',
          description: 'Your Management API tokens, newest first, expired ones included. Never a token’s secret.',
          tags: ['tokens'],
          security: TOKEN_SECURITY,
          response: { 200: z.array(tokenSchema), ...errorResponses() },
        },
      },
      async (request) => (await core.tokens.list(ownerOf(request))).map(presentToken),
    );

    app.post(
      '/manage/current-user/tokens',
      {
        schema: {
          summary: 'Create a token (refused)',
          description: 'Tokens are created interactively, where the secret can be shown once to a person: in the dashboard, or in Slack with a code. Always 403 TOKEN_CREATION_NOT_ALLOWED.',
          tags: ['tokens'],
          security: TOKEN_SECURITY,
          body: z.unknown(),
          response: errorResponses(403),
        },
      },
      async () => {
        throw new ApiError(
          403,
          'TOKEN_CREATION_NOT_ALLOWED',
          'Tokens cannot be created over the API. Create one in the dashboard (kbc-account, Settings → Access tokens) or in Slack (/kbc token, with a code from your authenticator app).',
        );
      },
    );

    app.delete(
      '/manage/current-user/tokens/:id',
      {
        schema: {
          summary: 'Delete one of your tokens',
          description: 'The token stops working at once; recorded in your security activity as done through the API. 404 TOKEN_NOT_FOUND for an id that is not one of your tokens.',
          tags: ['tokens'],
          security: TOKEN_SECURITY,
          params: idParams,
          body: emptyBody,
          response: { 204: z.null().meta({ description: 'Deleted' }), ...errorResponses(404) },
        },
      },
      async (request, reply) => {
        const accountId = ownerOf(request);
        const tokenId = await core.idOfNumeric('tokens', request.params.id);
        if (tokenId === null) throw new ApiError(404, 'TOKEN_NOT_FOUND', 'You have no token with this id.');
        await core.tokens.delete(accountId, tokenId, { via: 'api' });
        return reply.code(204).send(undefined as never);
      },
    );
  };
}
