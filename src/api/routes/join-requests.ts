import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Core, ProjectRole } from '../../core/index.ts';
import { ownerOf } from '../auth.ts';
import { ApiError } from '../errors.ts';
import { presentJoinRequest } from '../present.ts';
import { approveJoinRequestBody, emptyBody, idParams, joinRequestSchema, projectRequestParams, requestAccessBody } from '../schemas.ts';
import { errorResponses, TOKEN_SECURITY } from './responses.ts';

const tags = ['join requests'];

/**
 * Join requests in Keboola's shape: ask to join a project (`request-access`), see and cancel your
 * own requests, and, as an admin of the project, list, approve (PUT) and reject (DELETE) them.
 */
export function joinRequestRoutes(core: Core): FastifyPluginAsyncZod {
  async function projectId(id: number): Promise<string> {
    const found = await core.idOfNumeric('projects', id);
    if (found === null) throw new ApiError(404, 'PROJECT_NOT_FOUND', `No project has the id ${id}.`);
    return found;
  }
  async function requestId(id: number): Promise<string> {
    const found = await core.idOfNumeric('joinRequests', id);
    if (found === null) throw new ApiError(404, 'JOIN_REQUEST_NOT_FOUND', `No join request has the id ${id}.`);
    return found;
  }
  /** The request numbered `id`, checked to belong to the project numbered `project` (else not found). */
  async function requestOfProject(accountId: string, project: number, id: number): Promise<string> {
    const [internalProject, internalRequest] = await Promise.all([projectId(project), requestId(id)]);
    const view = await core.joinRequests.get(accountId, internalRequest);
    if (view.projectId !== internalProject) throw new ApiError(404, 'JOIN_REQUEST_NOT_FOUND', `No join request has the id ${id} in project ${project}.`);
    return internalRequest;
  }

  return async (app) => {
    app.post(
      '/manage/projects/:id/request-access',
      {
        schema: {
          summary: 'Ask to join a project',
          description:
            'Its admins are told (bell, Slack). `expirationSeconds`: the membership an approval makes ends that many seconds after the approval (1 second to 365 days, to the second). 400 ALREADY_MEMBER, ALREADY_INVITED, PROJECT_MFA_REQUIRED, INVALID_INPUT; 409 JOIN_REQUEST_DUPLICATE.',
          tags,
          security: TOKEN_SECURITY,
          params: idParams,
          body: requestAccessBody,
          response: { 201: joinRequestSchema, ...errorResponses(404, 409) },
        },
      },
      async (request, reply) => {
        const body = request.body && !Array.isArray(request.body) ? request.body : {};
        const seconds = body.expirationSeconds;
        const created = await core.joinRequests.request(
          ownerOf(request),
          { projectId: await projectId(request.params.id), reason: body.reason ?? null, ...(seconds !== undefined ? { membershipSeconds: seconds } : {}) },
          { via: 'api' },
        );
        return reply.code(201).send(presentJoinRequest(created));
      },
    );

    app.get(
      '/manage/current-user/projects-join-requests',
      {
        schema: {
          summary: 'List your join requests',
          description: 'Your requests to join projects, newest first, in whatever state they are.',
          tags,
          security: TOKEN_SECURITY,
          response: { 200: z.array(joinRequestSchema), ...errorResponses() },
        },
      },
      async (request) => (await core.joinRequests.listOwn(ownerOf(request))).map(presentJoinRequest),
    );

    app.delete(
      '/manage/current-user/projects-join-requests/:id',
      {
        schema: {
          summary: 'Cancel one of your join requests',
          description: '404 for an unknown request or one of someone else; 400 JOIN_REQUEST_ALREADY_ANSWERED or JOIN_REQUEST_EXPIRED.',
          tags,
          security: TOKEN_SECURITY,
          params: idParams,
          body: emptyBody,
          response: { 204: z.null().meta({ description: 'Cancelled' }), ...errorResponses(404) },
        },
      },
      async (request, reply) => {
        await core.joinRequests.cancel(ownerOf(request), await requestId(request.params.id));
        return reply.code(204).send(undefined as never);
      },
    );

    app.get(
      '/manage/projects/:id/join-requests',
      {
        schema: {
          summary: "List a project's pending join requests",
          description: 'For admins of the project (403 NOT_PROJECT_ADMIN otherwise), oldest first.',
          tags,
          security: TOKEN_SECURITY,
          params: idParams,
          response: { 200: z.array(joinRequestSchema), ...errorResponses(403, 404) },
        },
      },
      async (request) => {
        const accountId = ownerOf(request);
        const project = await projectId(request.params.id);
        const pending = await core.joinRequests.listToAnswer(accountId);
        const mine = (await core.projects.listForAccount(accountId)).find((found) => found.id === project);
        if (mine?.membership.role !== 'admin') throw new ApiError(403, 'NOT_PROJECT_ADMIN', 'Only an admin of the project can see its join requests.');
        return pending.filter((found) => found.projectId === project).map(presentJoinRequest);
      },
    );

    app.put(
      '/manage/projects/:id/join-requests/:requestId',
      {
        schema: {
          summary: 'Approve a join request',
          description:
            'The requester becomes a member with `role` (guest unless given; Keboola’s client sends `[]`) and the lifetime asked for. 403 NOT_PROJECT_ADMIN; 400 INVALID_ROLE, JOIN_REQUEST_ALREADY_ANSWERED, JOIN_REQUEST_EXPIRED.',
          tags,
          security: TOKEN_SECURITY,
          params: projectRequestParams,
          body: approveJoinRequestBody,
          response: { 200: joinRequestSchema, ...errorResponses(403, 404) },
        },
      },
      async (request) => {
        const accountId = ownerOf(request);
        const role = request.body && !Array.isArray(request.body) ? request.body.role : undefined;
        const id = await requestOfProject(accountId, request.params.id, request.params.requestId);
        return presentJoinRequest(await core.joinRequests.approve(id, { accountId }, { via: 'api', ...(role !== undefined ? { role: role as ProjectRole } : {}) }));
      },
    );

    app.delete(
      '/manage/projects/:id/join-requests/:requestId',
      {
        schema: {
          summary: 'Reject a join request',
          description: 'The requester is told. Same errors as approving.',
          tags,
          security: TOKEN_SECURITY,
          params: projectRequestParams,
          body: emptyBody,
          response: { 204: z.null().meta({ description: 'Rejected' }), ...errorResponses(403, 404) },
        },
      },
      async (request, reply) => {
        const accountId = ownerOf(request);
        await core.joinRequests.reject(await requestOfProject(accountId, request.params.id, request.params.requestId), { accountId });
        return reply.code(204).send(undefined as never);
      },
    );
  };
}
