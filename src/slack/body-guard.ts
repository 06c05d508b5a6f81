import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  defaultBodyLimit,
  HTTPModuleFunctions,
  isRawBodyError,
  type HTTPReceiver,
  type Logger,
  type SocketModeReceiverProcessEventErrorHandlerArgs,
} from '@slack/bolt';
import { logFailure } from './log.ts';

const HTTP_OK = 200;
const HTTP_BAD_REQUEST = 400;
const HTTP_PAYLOAD_TOO_LARGE = 413;
const HTTP_UNAUTHORIZED = 401;
const HTTP_INTERNAL_ERROR = 500;

/** Whether a parsed request body is a JSON object: not null, an array, a string, a number or a boolean. */
export function isObjectBody(body: unknown): body is Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body);
}

export interface BodyGuardOptions {
  readonly signingSecret: string;
  /** The receiver's event paths (POSTs to them are screened; anything else goes straight to Bolt). */
  readonly endpoints: readonly string[];
  readonly logger: Logger;
  /** The receiver's body limit, in bytes. @default Bolt's defaultBodyLimit (4 MB) */
  readonly bodyLimitBytes?: number;
}

/** The content types Bolt parses, which it compares with the header exactly. */
const BOLT_CONTENT_TYPES = new Set(['application/x-www-form-urlencoded', 'application/json']);

/**
 * Rewrites `Content-Type: application/x-www-form-urlencoded; charset=utf-8` (and the same for
 * JSON, any letter case, quoted or not) to the bare type Bolt 5.1 compares with exactly. Slack
 * sends no charset, but proxies add one; UTF-8 is what both types mean anyway. Any other
 * parameter or charset is left as it came (Bolt answers 400). The body is not read here.
 */
export function normaliseContentType(req: IncomingMessage): void {
  const header = req.headers['content-type'];
  if (typeof header !== 'string' || !header.includes(';')) return;
  const [type = '', ...params] = header.split(';').map((part) => part.trim().toLowerCase());
  if (!BOLT_CONTENT_TYPES.has(type)) return;
  const onlyUtf8 = params.every((param) => param === '' || /^charset\s*=\s*"?utf-8"?$/.test(param));
  if (onlyUtf8) req.headers['content-type'] = type;
}

/** Interactive payload types a listener here handles; Bolt also reads `user` and, for views, `view` of them unchecked. */
const INTERACTIVE_TYPES = new Set(['block_actions', 'view_submission', 'view_closed']);
/** Payload types Bolt's receiver answers itself. */
const RECEIVER_TYPES = new Set(['url_verification', 'ssl_check']);

/**
 * Why Bolt cannot dispatch a signed object body without failing (500) or leaving it unanswered
 * (404 after the receiver's timeout), or null when it can. Such a body is answered 200 here, with
 * a log line naming only its kind: Slack retries nothing for a 200, and no listener could use it.
 */
export function undispatchable(body: Record<string, unknown>): string | null {
  if ('event' in body) return isObjectBody(body['event']) ? null : 'an event callback whose event is not an object';
  if ('command' in body) return null; // the payload guard checks the command's ids
  const type = body['type'];
  if (typeof type === 'string' && RECEIVER_TYPES.has(type)) return null;
  if (typeof type !== 'string' || !INTERACTIVE_TYPES.has(type)) {
    // Shortcuts are acknowledged and logged by the payload guard; anything else Bolt cannot even classify.
    if (type === 'shortcut' || type === 'message_action') return isObjectBody(body['user']) ? null : `a ${type} without user`;
    return `a payload of an unsupported type (${typeof type === 'string' ? type.slice(0, 40) : typeof type})`;
  }
  if (!isObjectBody(body['user'])) return `a ${type} without user`;
  if (type !== 'block_actions' && !isObjectBody(body['view'])) return `a ${type} without view`;
  return null;
}

/**
 * Socket Mode's answer to a payload Bolt failed on before any listener (it reads `user` and `view`
 * unchecked): acknowledged, with a log line naming only its kind, as the HTTP guard answers 200.
 * Unacknowledged, Slack would count it as a failure and send it again.
 */
export async function acknowledgeUndispatchable(args: SocketModeReceiverProcessEventErrorHandlerArgs): Promise<boolean> {
  const body = args.event.body;
  const why = isObjectBody(body) ? undispatchable(body) : 'a payload that is not an object';
  args.logger.warn(`kbc-account slack: acknowledged and ignored ${why ?? 'a payload Bolt could not process'} (${args.error.name})`);
  return true;
}

function answer(res: ServerResponse, status: number): void {
  if (res.headersSent) return;
  res.writeHead(status);
  res.end();
}

/**
 * Whether Bolt may have the request. Buffers the body (Bolt reuses `req.rawBody`), checks the
 * signature with Bolt's own function, and answers 400 itself to a SIGNED body whose payload is
 * valid JSON but not an object (`payload=null`, a JSON `null`): Bolt 5.1 reads `body.ssl_check`
 * of it unchecked and the rejection is unhandled, which ends the process. A signed object Bolt
 * cannot dispatch (`undispatchable`) is answered 200 with a log line. Anything unsigned,
 * unparsable or fine is left to Bolt, which answers it as before (401, 400, the listeners).
 */
async function admits(req: IncomingMessage, res: ServerResponse, options: BodyGuardOptions): Promise<boolean> {
  const bodyLimit = options.bodyLimitBytes ?? defaultBodyLimit;
  try {
    await HTTPModuleFunctions.bufferIncomingMessage(req, bodyLimit);
  } catch (error) {
    // As Bolt answers a body it cannot read (reading it again would see only the rest of the stream).
    const tooLarge = isRawBodyError(error) && (error.type === 'entity.too.large' || error.statusCode === HTTP_PAYLOAD_TOO_LARGE);
    options.logger.warn(`kbc-account slack: could not read a request body (${tooLarge ? 'too large' : 'read error'})`);
    answer(res, tooLarge ? HTTP_PAYLOAD_TOO_LARGE : HTTP_UNAUTHORIZED);
    return false;
  }
  let buffered;
  try {
    buffered = await HTTPModuleFunctions.parseAndVerifyHTTPRequest({ enabled: true, signingSecret: options.signingSecret, bodyLimit }, req);
  } catch {
    return true; // not signed: Bolt refuses it with 401
  }
  let body: unknown;
  try {
    body = HTTPModuleFunctions.parseHTTPRequestBody(buffered);
  } catch {
    return true; // not JSON: Bolt answers 400
  }
  if (isObjectBody(body)) {
    const unusable = undispatchable(body);
    if (unusable === null) return true;
    options.logger.warn(`kbc-account slack: acknowledged and ignored ${unusable}`);
    answer(res, HTTP_OK);
    return false;
  }
  options.logger.warn(`kbc-account slack: refused a signed request whose payload is not a JSON object (${body === null ? 'null' : Array.isArray(body) ? 'an array' : typeof body})`);
  answer(res, HTTP_BAD_REQUEST);
  return false;
}

/**
 * Puts `admits` in front of an HTTPReceiver's request listener, for POSTs to its event paths.
 * Must be applied before `start()`, which serves `receiver.requestListener`. Any failure of the
 * screening itself is logged (without the body) and answered 500; it never escapes as an
 * unhandled rejection.
 */
export function guardRequestBodies(receiver: HTTPReceiver, options: BodyGuardOptions): void {
  const inner = receiver.requestListener;
  receiver.requestListener = (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method?.toUpperCase() !== 'POST' || !options.endpoints.includes(path)) {
      inner(req, res); // synchronous, so Bolt's own dispatch error handler still sees any throw
      return;
    }
    normaliseContentType(req);
    admits(req, res, options)
      .then((admitted) => {
        if (admitted) inner(req, res);
      })
      .catch((error: unknown) => {
        logFailure(options.logger, 'screening a Slack request', error);
        answer(res, HTTP_INTERNAL_ERROR);
      });
  };
}
