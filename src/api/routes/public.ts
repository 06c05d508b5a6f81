import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Core } from '../../core/index.ts';
import { healthSchema, revokeBody } from '../schemas.ts';
import { errorResponses } from './responses.ts';

/** The largest body of a revocation request, in bytes. */
const REVOKE_BODY_LIMIT_BYTES = 64 * 1024;

/** The routes without a token: health, public revocation of leaked tokens, and the OpenAPI document. */
export function publicRoutes(core: Core): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/healthz',
      {
        schema: {
          summary: 'Whether the API and its store answer',
          description: '200 when the store answered, 503 when it did not (a load balancer takes the process out).',
          tags: ['health'],
          response: { ...errorResponses(), 200: healthSchema, 503: healthSchema },
        },
      },
      async (_request, reply) => {
        try {
          await core.checkStore();
          return { status: 'ok' as const, store: 'ok' as const };
        } catch (error) {
          reply.log.warn({ err: error }, 'health check: the store did not answer');
          return reply.code(503).send({ status: 'unavailable', store: 'unavailable' });
        }
      },
    );

    app.post(
      '/manage/credentials/revoke',
      {
        // A thousand tokens of 42 characters, quoted and separated.
        bodyLimit: REVOKE_BODY_LIMIT_BYTES,
        schema: {
          summary: 'Revoke leaked tokens (no token needed)',
          description:
            'For anyone who found a token where it should not be (as GitHub’s credential revocation): each string that is a live token is revoked and its owner told. Always 202, whether or not anything was revoked, answered before the revocation finishes, so neither the answer nor its timing says whether a token existed.',
          tags: ['tokens'],
          body: revokeBody,
          response: { 202: z.null().meta({ description: 'Received' }), ...errorResponses() },
        },
      },
      async (request, reply) => {
        const { credentials } = request.body;
        // Not awaited: the answer must not wait on (and so reveal) what was found.
        core.tokens.revokeLeaked(credentials, { source: 'public_revocation' }).catch((error: unknown) => {
          request.log.error({ err: error }, 'revoking reported credentials failed');
        });
        return reply.code(202).send(undefined as never);
      },
    );

    app.get(
      '/manage/openapi.json',
      {
        schema: {
          summary: 'This API’s OpenAPI 3.1 document',
          tags: ['health'],
          response: { 200: z.record(z.string(), z.unknown()), ...errorResponses() },
        },
      },
      async () => app.swagger() as unknown as Record<string, unknown>,
    );
  };
}
