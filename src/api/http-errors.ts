import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { isAccountError, StoreError } from '../core/index.ts';
import { ApiError, errorBody, newExceptionId, STATUS_OF } from './errors.ts';

interface Answer {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly errors?: readonly { key: string; message: string }[];
  readonly headers?: Readonly<Record<string, string>>;
}

/** The key of a failed field: `body.code`, `params.id`, or the part of the request when the whole part failed. */
function fieldKey(context: string | undefined, path: string): string {
  const parts = path.split('/').filter((part) => part !== '');
  return [context ?? 'body', ...parts].join('.');
}

/** Seconds until `iso` (at least 1), for a Retry-After header. */
function secondsUntil(iso: string, now: number): string {
  return String(Math.max(1, Math.ceil((new Date(iso).getTime() - now) / 1000)));
}

/** What to answer for `error`: the core's codes by STATUS_OF, the API's own, and the framework's. */
function answerFor(error: unknown, now: number): Answer {
  if (error instanceof ApiError) return { status: error.statusCode, code: error.code, message: error.message, ...(error.errors ? { errors: error.errors } : {}), headers: error.headers };
  if (isAccountError(error)) {
    const retryAfter = error.code === 'TOO_MANY_ATTEMPTS' ? error.details['retryAfter'] : undefined;
    const headers: Record<string, string> = typeof retryAfter === 'string' ? { 'retry-after': secondsUntil(retryAfter, now) } : {};
    return { status: STATUS_OF[error.code], code: error.code, message: error.message, headers };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = error.validation.map((issue) => ({ key: fieldKey(error.validationContext, issue.instancePath), message: issue.message ?? 'is not valid' }));
    const list = errors.map((field) => `${field.key} ${field.message}`).join('; ');
    return { status: 400, code: 'INVALID_INPUT', message: `The request is not valid: ${list}`, errors };
  }
  if (error instanceof StoreError) return { status: 503, code: 'STORE_UNAVAILABLE', message: 'The data store is not available right now; try again shortly.' };
  const framework = error as Partial<FastifyError>;
  switch (framework.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, code: 'BODY_TOO_LARGE', message: 'The request body is too large.' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the request body as application/json.' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 400, code: 'REQUEST_BODY_INVALID', message: 'Request body not valid' };
  }
  if (!isResponseSerializationError(error) && typeof framework.statusCode === 'number' && framework.statusCode >= 400 && framework.statusCode < 500) {
    return { status: framework.statusCode, code: 'INVALID_INPUT', message: framework.message ?? 'The request is not valid.' };
  }
  return { status: 500, code: 'INTERNAL_ERROR', message: 'Something went wrong on our side. Quote the exceptionId when you report it.' };
}

/** Every failure in Keboola's error shape; a 5xx (a bug, or the store down) is logged with its exceptionId. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const answer = answerFor(error, Date.now());
    const exceptionId = newExceptionId();
    if (answer.status >= 500) request.log.error({ err: error, exceptionId }, 'request failed');
    else request.log.info({ code: answer.code, exceptionId }, 'request refused');
    for (const [name, value] of Object.entries(answer.headers ?? {})) void reply.header(name, value);
    return reply.code(answer.status).send(errorBody(answer.code, answer.message, exceptionId, answer.errors));
  });
}

/** Unknown routes: 404 ROUTE_NOT_FOUND, limited per client address like the public routes (no probing for free). */
export function registerNotFound(app: FastifyInstance, limit: preHandlerHookHandler): void {
  app.setNotFoundHandler({ preHandler: limit }, (request, reply) => {
    const exceptionId = newExceptionId();
    return reply.code(404).send(errorBody('ROUTE_NOT_FOUND', `There is no ${request.method} ${request.url.split('?')[0]} in this API; see /manage/openapi.json.`, exceptionId));
  });
}
