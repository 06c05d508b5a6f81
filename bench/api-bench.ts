import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Core } from '../src/core/core.ts';
import { createApiServer } from '../src/api/server.ts';
import { interleave, type Comparison } from './stats.ts';
import { sleep } from './bench-core.ts';

/** The file store's racy window (3 s) and a little: see store-bench.ts. */
const SETTLE_MS = 3_100;

/** The header the API takes its token in. */
const HEADER = 'x-kbc-manageapitoken';

/** One GET over `agent` (keep-alive, as a script's client would hold it); resolves once the whole body arrived. */
function get(agent: Agent, port: number, path: string, token: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent, headers: { [HEADER]: token } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => (res.statusCode === 200 ? resolve(body) : reject(new Error(`${path} answered ${res.statusCode}: ${body}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

const listening = (server: Server): Promise<number> =>
  new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));

/**
 * `GET /manage/tokens/verify` on the API (Fastify, schemas, rate limit, token lookup in the store,
 * the account read) against a bare `node:http` server answering the same JSON bytes, interleaved
 * in one process on one machine. A real token of `accountId` is created for it first.
 */
export async function benchApiVerify(core: Core, accountId: string, budgetMs: number): Promise<Comparison> {
  const { secret } = await core.tokens.create(accountId, { description: 'bench', expiresInDays: 30 });
  // Rate limits far above what the bench sends: it measures the path, not the limiter's refusals.
  const api = await createApiServer({ core, rateLimits: { perToken: 1e9, perAddress: 1e9, failedAuthPerAddress: 1e9 } });
  const apiPort = (await api.listen({ port: 0, host: '127.0.0.1' })).split(':').pop();
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const body = await get(agent, Number(apiPort), '/manage/tokens/verify', secret);
  const bare = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  const barePort = await listening(bare);
  // Creating the token and its first use (which records lastUsed) wrote the store; past the file
  // store's racy window an unchanged store is trusted by its stat, as it is for a script that
  // calls the API between other people's changes. lastUsed is written again only after a minute.
  await sleep(SETTLE_MS);
  try {
    return await interleave({
      subject: () => get(agent, Number(apiPort), '/manage/tokens/verify', secret),
      baseline: () => get(agent, barePort, '/manage/tokens/verify', secret),
      // Until both paths run optimised code and the seeding's garbage is collected: with 500, the first
      // figure of a process was 0.1–0.3× higher at p95 than the same measurement repeated after it.
      warmup: 3_000,
      minPairs: 200,
      maxPairs: 5_000,
      budgetMs,
    });
  } finally {
    agent.destroy();
    await api.close();
    await new Promise((resolve) => bare.close(resolve));
  }
}
