import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Core } from '../../core/index.ts';
import { ownerOf } from '../auth.ts';
import { ApiError } from '../errors.ts';
import { presentProject } from '../present.ts';
import { idParams, projectSchema } from '../schemas.ts';
import { errorResponses, TOKEN_SECURITY } from './responses.ts';

const tags = ['projects'];

/** The projects the user is a member of, with their role, limits and usage. */
export function projectRoutes(core: Core): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/manage/current-user/projects',
      {
        schema: {
          summary: 'List your projects',
          description: 'The projects you are a member of, by name, with your role, the limits and the last recorded usage.',
          tags,
          security: TOKEN_SECURITY,
          response: { 200: z.array(projectSchema), ...errorResponses() },
        },
      },
      async (request) => {
        const accountId = ownerOf(request);
        return (await core.projects.listForAccount(accountId)).map((project) => presentProject(project, accountId));
      },
    );

    app.get(
      '/manage/projects/:id',
      {
        schema: {
          summary: 'Get one of your projects',
          description: '404 PROJECT_NOT_FOUND for an unknown id, NOT_A_MEMBER for a project you are not a member of.',
          tags,
          security: TOKEN_SECURITY,
          params: idParams,
          response: { 200: projectSchema, ...errorResponses(404) },
        },
      },
      async (request) => {
        const accountId = ownerOf(request);
        const projectId = await core.idOfNumeric('projects', request.params.id);
        if (projectId === null) throw new ApiError(404, 'PROJECT_NOT_FOUND', `No project has the id ${request.params.id}.`);
        return presentProject(await core.projects.getForAccount(accountId, projectId), accountId);
      },
    );
  };
}
