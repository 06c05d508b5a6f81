import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Core } from '../../core/index.ts';
import { healthSchema } from '../schemas.ts';
import { errorResponses } from './responses.ts';

/** The routes without a token: health, and the OpenAPI document. */
export function publicRoutes(core: Core): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/healthz',
      {
        schema: {
          summary: 'Whether the API and its store answer',
          description: '200 when the store answered, 503 when it did not (a load balancer takes the process out).',
          tags: ['health'],
          response: { 200: healthSchema, 503: healthSchema, ...errorResponses() },
        },
      },
      async (_request, reply) => {
        try {
          await core.version();
          return { status: 'ok' as const, store: 'ok' as const };
        } catch (error) {
          reply.log.warn({ err: error }, 'health check: the store did not answer');
          return reply.code(503).send({ status: 'unavailable', store: 'unavailable' });
        }
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
