import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Core } from '../../core/index.ts';
import { ownerOf } from '../auth.ts';
import { ApiError } from '../errors.ts';
import { presentInvitation } from '../present.ts';
import { emptyBody, idParams, invitationSchema } from '../schemas.ts';
import { errorResponses, TOKEN_SECURITY } from './responses.ts';

const BASE = '/manage/current-user/projects-invitations';
const tags = ['invitations'];

/** The user's invitations to projects: list, one, accept, decline. */
export function invitationRoutes(core: Core): FastifyPluginAsyncZod {
  /** The internal id of the invitation numbered `id`; INVITATION_NOT_FOUND when none has it. */
  async function invitationId(id: number): Promise<string> {
    const found = await core.idOfNumeric('invitations', id);
    if (found === null) throw new ApiError(404, 'INVITATION_NOT_FOUND', `No invitation has the id ${id}.`);
    return found;
  }

  return async (app) => {
    app.get(
      BASE,
      {
        schema: {
          summary: 'List your invitations',
          description: 'Your open invitations (pending, not expired), soonest to expire first.',
          tags,
          security: TOKEN_SECURITY,
          response: { 200: z.array(invitationSchema), ...errorResponses() },
        },
      },
      async (request) => (await core.invitations.listPending(ownerOf(request))).map(presentInvitation),
    );

    app.get(
      `${BASE}/:id`,
      {
        schema: {
          summary: 'Get one of your invitations',
          description: '404 INVITATION_NOT_FOUND for an unknown id, INVITATION_NOT_YOURS for an invitation addressed to someone else.',
          tags,
          security: TOKEN_SECURITY,
          params: idParams,
          response: { 200: invitationSchema, ...errorResponses(404) },
        },
      },
      async (request) => presentInvitation(await core.invitations.get(ownerOf(request), await invitationId(request.params.id))),
    );

    app.put(
      `${BASE}/:id`,
      {
        schema: {
          summary: 'Accept an invitation',
          description:
            'You join the project with the invited role (when you are a member already, the invitation is closed and your role stays as it is). 400 INVITATION_EXPIRED, INVITATION_ALREADY_ANSWERED or INVITATION_CANCELLED; 404 for an unknown or foreign invitation. The body may be empty, `{}` or `[]`.',
          tags,
          security: TOKEN_SECURITY,
          params: idParams,
          body: emptyBody,
          response: { 202: z.null().meta({ description: 'Accepted' }), ...errorResponses(404) },
        },
      },
      async (request, reply) => {
        await core.invitations.accept(ownerOf(request), await invitationId(request.params.id), { via: 'api' });
        return reply.code(202).send(undefined as never);
      },
    );

    app.delete(
      `${BASE}/:id`,
      {
        schema: {
          summary: 'Decline an invitation',
          description: 'The invitation is closed for good. Same errors as accepting.',
          tags,
          security: TOKEN_SECURITY,
          params: idParams,
          body: emptyBody,
          response: { 204: z.null().meta({ description: 'Declined' }), ...errorResponses(404) },
        },
      },
      async (request, reply) => {
        await core.invitations.decline(ownerOf(request), await invitationId(request.params.id));
        return reply.code(204).send(undefined as never);
      },
    );
  };
}
