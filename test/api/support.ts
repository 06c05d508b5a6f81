import { Writable } from 'node:stream';
import { afterEach, expect } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import type { Core } from '../../src/core/index.ts';
import { createApiServer, type RateLimits } from '../../src/api/server.ts';
import { makeAccount, PASSWORD, testCore, type TestCore } from '../support/core.ts';

export { PASSWORD };

/** One answer of the API as a client sees it. */
export interface Answer {
  readonly status: number;
  /** The Content-Type header exactly as sent (null when none). */
  readonly contentType: string | null;
  readonly headers: Headers;
  /** The body text exactly as sent. */
  readonly text: string;
  /** The parsed body (undefined when empty). */
  readonly body: any;
}

export interface CallOptions {
  readonly token?: string;
  /** A JSON value to send (with Content-Type application/json). */
  readonly json?: unknown;
  /** A body sent as is. */
  readonly raw?: string | Buffer;
  readonly headers?: Record<string, string>;
}

export interface RunningApi extends TestCore {
  readonly url: string;
  readonly server: FastifyInstance;
  /** What the API logged, one JSON line each. */
  readonly log: string[];
  call(method: string, path: string, options?: CallOptions): Promise<Answer>;
}

const running: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

/** The OpenAPI document's schema for one answer: the path template that matches, the method, the status. */
function schemaRefFor(doc: OpenApiDoc, method: string, path: string, status: number): string | null {
  const bare = path.split('?')[0]!;
  for (const [template, operations] of Object.entries(doc.paths)) {
    const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    if (!pattern.test(bare)) continue;
    const operation = operations[method.toLowerCase()];
    if (!operation) return null;
    const response = operation.responses[String(status)];
    if (!response) throw new Error(`${method} ${template} answered ${status}, which its OpenAPI entry does not declare`);
    if (!response.content) return null;
    const escape = (part: string) => part.replace(/~/g, '~0').replace(/\//g, '~1');
    return `openapi#/paths/${escape(template)}/${method.toLowerCase()}/responses/${status}/content/${escape('application/json')}/schema`;
  }
  return null;
}

interface OpenApiDoc {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>;
}

/** Starts the API on a free port over a test core; every answer is checked against the served OpenAPI document. */
export async function startApi(options: { start?: string; rateLimits?: Partial<RateLimits>; world?: TestCore } = {}): Promise<RunningApi> {
  const world = options.world ?? testCore(options.start ?? '2026-01-15T09:00:00.000Z');
  const log: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      log.push(...chunk.toString().split('\n').filter((line) => line !== ''));
      done();
    },
  });
  const server = await createApiServer({ core: world.core, logger: { level: 'info', stream }, ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}) });
  running.push(server);
  const url = await server.listen({ port: 0, host: '127.0.0.1' });
  const doc = (await (await fetch(`${url}/manage/openapi.json`)).json()) as OpenApiDoc;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema(doc, 'openapi');

  async function call(method: string, path: string, call: CallOptions = {}): Promise<Answer> {
    const headers: Record<string, string> = { ...call.headers };
    if (call.token !== undefined) headers['X-KBC-ManageApiToken'] = call.token;
    let body: string | Buffer | undefined = call.raw;
    if (call.json !== undefined) {
      body = JSON.stringify(call.json);
      headers['Content-Type'] ??= 'application/json';
    }
    const response = await fetch(`${url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await response.text();
    const answer: Answer = { status: response.status, contentType: response.headers.get('content-type'), headers: response.headers, text, body: text === '' ? undefined : JSON.parse(text) };
    if (text !== '') expect(answer.contentType, `${method} ${path}: Content-Type`).toBe('application/json');
    const ref = schemaRefFor(doc, method, path, answer.status);
    if (ref !== null) {
      const validate = ajv.getSchema(ref) ?? ajv.compile({ $ref: ref });
      expect(validate(answer.body), `${method} ${path} ${answer.status} against the OpenAPI document: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    return answer;
  }
  return { ...world, url, server, log, call };
}

/** An account with a token: the usual caller. */
export async function withToken(core: Core, email = 'ann@example.com'): Promise<{ accountId: string; token: string; tokenId: string }> {
  const accountId = await makeAccount(core, email);
  const created = await core.tokens.create(accountId, { description: `${email} CI`, expiresInDays: 30 });
  return { accountId, token: created.secret, tokenId: created.token.id };
}

/** Asserts Keboola's error shape with our `code`. */
export function expectError(answer: Answer, status: number, code: string): void {
  expect({ status: answer.status, code: answer.body?.code }).toEqual({ status, code });
  expect(answer.body).toMatchObject({ error: expect.any(String), exceptionId: expect.stringMatching(/^exception-[0-9a-f]{16}$/), status: 'error' });
}
