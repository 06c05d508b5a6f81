import Fastify, { type FastifyInstance, type FastifyRequest, type onRequestHookHandler } from 'fastify';
import swagger from '@fastify/swagger';
import { jsonSchemaTransform, jsonSchemaTransformObject, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { serializerCompiler } from './serializer.ts';
import type { Core } from '../core/index.ts';
import { authenticate, TOKEN_HEADER } from './auth.ts';
import { ApiError } from './errors.ts';
import { RateLimiter } from './rate-limit.ts';
import { registerErrorHandling, registerNotFound } from './http-errors.ts';
import { invitationRoutes } from './routes/invitations.ts';
import { notificationRoutes } from './routes/notifications.ts';
import { projectRoutes } from './routes/projects.ts';
import { joinRequestRoutes } from './routes/join-requests.ts';
import { promoRoutes } from './routes/promo.ts';
import { publicRoutes } from './routes/public.ts';
import { tokenRoutes } from './routes/tokens.ts';

/** Request limits, each per API process (several processes each allow this much). */
export interface RateLimits {
  /** Requests per window with one valid token. @default 600 */
  readonly perToken: number;
  /** Requests per window from one client address to the routes without a token. @default 120 */
  readonly perAddress: number;
  /** Requests per window from one client address whose token did not authenticate. @default 30 */
  readonly failedAuthPerAddress: number;
  /** The window, in milliseconds. @default 60_000 */
  readonly windowMs: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = { perToken: 600, perAddress: 120, failedAuthPerAddress: 30, windowMs: 60_000 };
/** The largest request body accepted, in bytes: every body of this API is a few fields. */
export const BODY_LIMIT_BYTES = 16 * 1024;

export interface ApiServerOptions {
  readonly core: Core;
  /** Where to log (one JSON line per request and per failure), or false for nowhere. Request lines never hold a token (see logSafeUrl). @default false */
  readonly logger?: { readonly level: string; readonly stream?: NodeJS.WritableStream } | false;
  readonly rateLimits?: Partial<RateLimits>;
  /** Take the client address from X-Forwarded-For (behind a proxy you run). @default false */
  readonly trustProxy?: boolean;
}

const TOKEN_LIKE = /kbcm_[0-9A-Za-z]*/g;
/** `url` for a log line: anything shaped like a token (pasted into a path or query by mistake) is masked. */
export const logSafeUrl = (url: string): string => url.replace(TOKEN_LIKE, 'kbcm_[redacted]');

/** A request as a log line shows it: method, path with anything token-shaped masked, client address; never a header. */
function safeRequest(request: FastifyRequest): Record<string, unknown> {
  return { method: request.method, url: logSafeUrl(request.url), remoteAddress: request.ip };
}

/**
 * Keboola's PHP client compares Content-Type with exactly `application/json`: Fastify's
 * `application/json; charset=utf-8` would break it. JSON is UTF-8 by definition (RFC 8259).
 */
function exactJsonContentType(app: FastifyInstance): void {
  // A callback hook, not an async one: no promise on every response.
  app.addHook('onSend', (_request, reply, payload, done) => {
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && type.startsWith('application/json')) reply.header('content-type', 'application/json');
    done(null, payload);
  });
}

/** Bodies: JSON only; empty is no body (a parameterless PUT); anything unparsable is 400 "Request body not valid". */
function jsonBodies(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text) as unknown);
    } catch {
      done(new ApiError(400, 'REQUEST_BODY_INVALID', 'Request body not valid'), undefined);
    }
  });
}

/** The Management API on `core`: Keboola-shaped `/manage/...` routes, validated by the zod schemas in schemas.ts. */
export async function createApiServer(options: ApiServerOptions): Promise<FastifyInstance> {
  const limits = { ...DEFAULT_RATE_LIMITS, ...options.rateLimits };
  const app = Fastify({
    logger: options.logger ? { level: options.logger.level, ...(options.logger.stream ? { stream: options.logger.stream } : {}), serializers: { req: safeRequest } } : false,
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: options.trustProxy ?? false,
    // Ids in paths are numbers; nothing longer is meaningful.
    routerOptions: { maxParamLength: 100 },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('auth', null);
  registerErrorHandling(app);
  exactJsonContentType(app);
  jsonBodies(app);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'kbc-account Management API',
        version: '1.0.0',
        description: `Keboola-shaped Management API. Send a token in ${TOKEN_HEADER}. Errors: {"error", "code", "exceptionId", "status": "error"}.`,
      },
      components: { securitySchemes: { manageApiToken: { type: 'apiKey', in: 'header', name: TOKEN_HEADER } } },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  const { core } = options;
  // One limiter per kind of key, each counting in its own windows (a token's, an address's).
  const now = () => core.clock.now().getTime();
  const perAddress = new RateLimiter(limits.perAddress, limits.windowMs, now);
  const limitAddress: onRequestHookHandler = (request, reply, done) => {
    try {
      perAddress.take(request.ip, reply);
    } catch (error) {
      return done(error as Error);
    }
    done();
  };
  registerNotFound(app, limitAddress);

  await app.register(async (scope) => {
    scope.addHook('onRequest', limitAddress);
    await scope.register(publicRoutes(core));
  });
  await app.register(async (scope) => {
    // Valid tokens are counted per token, failed ones per client address, so a valid token never
    // waits for someone else's failures.
    authenticate(scope, core, {
      valid: new RateLimiter(limits.perToken, limits.windowMs, now),
      failed: new RateLimiter(limits.failedAuthPerAddress, limits.windowMs, now),
    });
    await scope.register(tokenRoutes(core));
    await scope.register(invitationRoutes(core));
    await scope.register(promoRoutes(core));
    await scope.register(notificationRoutes(core));
    await scope.register(projectRoutes(core));
    await scope.register(joinRequestRoutes(core));
  });
  await app.ready();
  return app;
}
