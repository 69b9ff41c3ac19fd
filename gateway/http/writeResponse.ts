import type { ServerResponse } from 'node:http';
import type { HttpExchange } from './hook';
import type { OperationAnswer } from './operationPipeline';

const MULTIPART = 'multipart/mixed; boundary="-"; deferSpec=20220824';
const PART_HEAD = 'content-type: application/json; charset=utf-8\r\n\r\n';

/** One operation's answer: JSON, or multipart/mixed when deferred parts follow a successful first one. */
export async function writeAnswer(res: ServerResponse, http: HttpExchange, type: string, answer: OperationAnswer): Promise<void> {
  const status = answer.status ?? 200;
  addAnswerHeaders(http, answer);
  if (answer.following && status === 200) return writeMultipart(res, http, answer, answer.following);
  writeBody(res, status, type, http.headers, serialise(answer));
}

/** A batch's answers in one JSON array; the status is the last one an operation asked for. */
export function writeBatch(res: ServerResponse, http: HttpExchange, type: string, answers: OperationAnswer[]): void {
  let status: number | undefined;
  for (const answer of answers) {
    if (answer.status !== undefined) status = answer.status;
    addAnswerHeaders(http, answer);
  }
  writeBody(res, status ?? 200, type, http.headers, `[${answers.map(serialise).join(',')}]`);
}

/**
 * The whole response at once: status, headers (with the body's length) and body in one write. The
 * body is encoded once, here: measuring the text's length (Buffer.byteLength) and then writing the
 * text walked an 87 KB answer twice, the first pass 2 % of the gateway's busy time on the Guild query.
 */
export function writeBody(res: ServerResponse, status: number, type: string, headers: Record<string, string>, body: string): void {
  const bytes = Buffer.from(body, 'utf8');
  headers['content-type'] = type;
  headers['content-length'] = String(bytes.length);
  res.writeHead(status, headers);
  res.end(bytes);
}

/**
 * The answers of the request path are not cacheable (no subgraph of this graph gives cache hints),
 * as Apollo Server said with `no-store`; a header an error set (persisted-query misses) is kept.
 */
function addAnswerHeaders(http: HttpExchange, answer: OperationAnswer): void {
  if (answer.headers) for (const [name, value] of answer.headers) http.headers[name] = value;
  http.headers['cache-control'] ??= 'no-store';
}

/** Fields in the order clients have always seen them: errors, data, extensions. */
function serialise(answer: OperationAnswer): string {
  return JSON.stringify({ errors: answer.errors, data: answer.data, extensions: answer.extensions }) + '\n';
}

/** deferSpec=20220824: the first answer with hasNext, then each deferred payload as the engine completes it. */
async function writeMultipart(res: ServerResponse, http: HttpExchange, answer: OperationAnswer, following: AsyncIterable<string>): Promise<void> {
  http.headers['content-type'] = MULTIPART;
  res.writeHead(200, http.headers);
  const first = JSON.stringify({ errors: answer.errors, data: answer.data, extensions: answer.extensions, hasNext: true });
  res.write(`\r\n---\r\n${PART_HEAD}${first}\r\n---\r\n`);
  for await (const part of following) {
    const last = part.endsWith('"hasNext":false}');
    res.write(`${PART_HEAD}${part}\r\n---${last ? '--' : ''}\r\n`);
  }
  res.end();
}
