import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Core } from '../../core/index.ts';
import { ownerOf } from '../auth.ts';
import { presentProject, presentRedemption } from '../present.ts';
import { projectSchema, promoRedemptionSchema, redeemBody } from '../schemas.ts';
import { errorResponses, TOKEN_SECURITY } from './responses.ts';

const BASE = '/manage/current-user/promo-codes';
const tags = ['promo codes'];

/** Promo codes: the ones you redeemed, and redeeming one (which creates a new project). */
export function promoRoutes(core: Core): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      BASE,
      {
        schema: {
          summary: 'List the promo codes you redeemed',
          tags,
          security: TOKEN_SECURITY,
          response: { 200: z.array(promoRedemptionSchema), ...errorResponses() },
        },
      },
      async (request) => (await core.promo.redemptions(ownerOf(request))).map(presentRedemption),
    );

    app.post(
      BASE,
      {
        schema: {
          summary: 'Redeem a promo code',
          description:
            'Creates a NEW project with the code’s limits and lifetime, with you as admin; a code never changes an existing project. 400 PROMO_CODE_UNKNOWN, PROMO_CODE_EXPIRED, PROMO_CODE_USED_UP, PROMO_CODE_ALREADY_REDEEMED or PROJECT_NAME_INVALID; 429 TOO_MANY_ATTEMPTS after repeated unknown codes.',
          tags,
          security: TOKEN_SECURITY,
          body: redeemBody,
          response: { 201: projectSchema, ...errorResponses() },
        },
      },
      async (request, reply) => {
        const accountId = ownerOf(request);
        const { code, name } = request.body;
        const redeemed = await core.promo.redeem(accountId, { code, projectName: name ?? code.trim().toUpperCase() }, { via: 'api' });
        const project = await core.projects.getForAccount(accountId, redeemed.projectId);
        return reply.code(201).send(presentProject(project, accountId));
      },
    );
  };
}
