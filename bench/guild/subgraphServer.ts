import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { graphql } from 'graphql';
import { GUILD_SCHEMAS, GUILD_SUBGRAPHS, type GuildSubgraphName } from './schemas';

/**
 * The Guild benchmark's four subgraphs on one node:http server, each at its own path (/accounts,
 * /inventory, /products, /reviews, as their Rust server has them). A request is answered from memory:
 * the first time a query with its variables is seen it is executed against the subgraph's schema, and
 * the serialized answer is kept and sent again for every identical request. Under load a gateway sends
 * the same few fetches over and over, so the subgraphs' core spends next to nothing per request and the
 * gateway's core is the limit. No Apollo Server: its per-request pipeline would be the cost measured.
 */
export interface SubgraphCounters {
  requests: number;
  /** Requests answered by executing (the first of each query + variables). */
  executed: number;
  /** Answers that carried GraphQL errors (never kept). */
  errors: number;
}

export interface GuildSubgraphServer {
  server: Server;
  counters: Record<GuildSubgraphName, SubgraphCounters>;
}

/** Distinct answers kept per subgraph; past it the oldest is dropped (a gateway sends ~16 distinct fetches). */
const MAX_ANSWERS = 1000;

export function createGuildSubgraphServer(maxAnswers = MAX_ANSWERS): GuildSubgraphServer {
  const counters = Object.fromEntries(GUILD_SUBGRAPHS.map((name) => [name, { requests: 0, executed: 0, errors: 0 }])) as Record<GuildSubgraphName, SubgraphCounters>;
  const answers = Object.fromEntries(GUILD_SUBGRAPHS.map((name) => [name, new BoundedAnswers(maxAnswers)])) as Record<GuildSubgraphName, BoundedAnswers>;
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0].replace(/^\//, '');
    if (req.method === 'GET' && path === 'health') return send(res, 200, 'OK', 'text/plain');
    const name = GUILD_SUBGRAPHS.find((n) => n === path);
    if (!name) return send(res, 404, JSON.stringify({ errors: [{ message: `no subgraph at /${path}` }] }));
    if (req.method !== 'POST') return send(res, 405, JSON.stringify({ errors: [{ message: 'POST a GraphQL request' }] }));
    counters[name].requests += 1;
    readBody(req)
      .then(async (body) => {
        const kept = answers[name].get(body);
        if (kept !== undefined) return send(res, 200, kept);
        const answer = await answerOf(name, body, answers[name], counters[name]);
        send(res, answer.status, answer.json);
      })
      .catch((error: Error) => send(res, 500, JSON.stringify({ errors: [{ message: error.message }] })));
  });
  server.keepAliveTimeout = 65_000; // longer than the gateways' pooled sockets stay idle between runs
  return { server, counters };
}

/**
 * A body not seen byte for byte before. Answers are kept by the request's query, variables and
 * operation name, and under the raw body too: a gateway sends a given fetch the same way every time,
 * so after the first request the body alone finds it without parsing JSON. Answers with errors are
 * never kept.
 */
async function answerOf(name: GuildSubgraphName, body: string, answers: BoundedAnswers, counters: SubgraphCounters): Promise<{ status: number; json: string }> {
  let request: { query?: unknown; variables?: unknown; operationName?: unknown };
  try {
    request = JSON.parse(body) as typeof request;
  } catch {
    return { status: 400, json: JSON.stringify({ errors: [{ message: 'the body is not JSON' }] }) };
  }
  if (typeof request?.query !== 'string') return { status: 400, json: JSON.stringify({ errors: [{ message: 'the body has no query' }] }) };
  const operationName = typeof request.operationName === 'string' ? request.operationName : undefined;
  const key = JSON.stringify([request.query, request.variables ?? null, operationName ?? null]);
  const kept = answers.get(key);
  if (kept !== undefined) {
    answers.set(body, kept);
    return { status: 200, json: kept };
  }
  const result = await graphql({
    schema: GUILD_SCHEMAS[name],
    source: request.query,
    variableValues: (request.variables as Record<string, unknown> | null | undefined) ?? undefined,
    operationName,
  });
  counters.executed += 1;
  const json = JSON.stringify(result);
  if (result.errors?.length) {
    counters.errors += 1;
  } else {
    answers.set(key, json);
    answers.set(body, json);
  }
  return { status: 200, json };
}

class BoundedAnswers {
  private readonly answers = new Map<string, string>();
  constructor(private readonly max: number) {}
  get(key: string): string | undefined {
    return this.answers.get(key);
  }
  set(key: string, value: string): void {
    if (this.answers.size >= this.max) this.answers.delete(this.answers.keys().next().value as string);
    this.answers.set(key, value);
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: string, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
