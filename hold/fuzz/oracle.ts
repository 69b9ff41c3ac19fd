import type { Answer } from './send';
import { judgeEvents, judgeWebSocket } from './judgeLive';
import type { FuzzRequest } from './requests';

/** Why an answer breaks the bar, or undefined when it keeps it. */
export type Verdict = string | undefined;

/**
 * The bar for every case: never a 5xx, never silence; on the GraphQL endpoints a JSON answer
 * (or events) whose every error carries a code; on a WebSocket, no internal-error close and coded
 * errors (judgeLive.ts). Raw socket garbage may instead be answered by closing the connection
 * (Node's parser answers 400 and closes); a raw case half-closes once sent, so a server that
 * neither answers nor closes fails it like any other case.
 */
export function judge(request: FuzzRequest, answer: Answer): Verdict {
  if (answer.kind === 'timeout') return 'no answer within the timeout';
  if (answer.kind === 'ws') return judgeWebSocket(request, answer);
  if (answer.kind === 'closed') return request.raw || request.method === 'HEAD' ? undefined : 'connection closed without an answer';
  if (answer.status >= 500) return `status ${answer.status}: ${answer.body.slice(0, 300)}`;
  if (request.raw || request.method === 'HEAD') return undefined;
  if (request.ws) return answer.status >= 400 ? undefined : `the upgrade was answered ${answer.status}`;
  // Judged by where the path really leads: /graphql/../mcp is the MCP endpoint.
  if (request.kind === 'mcp' || new URL(request.path, 'http://x').pathname === '/mcp') return judgeMcp(answer);
  if (/^text\/event-stream/i.test(answer.contentType) && answer.status < 300) return judgeEvents(answer.body); // an open stream answers in events
  // Refused by Node's HTTP parser before any route runs (a header too large, a TRACE with a body):
  // Node writes the status line alone and closes; everything the graph's code answers is JSON.
  if ((answer.status === 400 || answer.status === 431) && answer.body === '' && answer.contentType === '') return undefined;
  return judgeGraphQL(answer);
}

export function judgeGraphQL(answer: Extract<Answer, { kind: 'http' }>): Verdict {
  if (!/json/i.test(answer.contentType)) return `status ${answer.status} with content-type "${answer.contentType}": ${answer.body.slice(0, 200)}`;
  let body: unknown;
  try {
    body = JSON.parse(answer.body);
  } catch {
    return `status ${answer.status}: body is not JSON: ${answer.body.slice(0, 200)}`;
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return `status ${answer.status}: body is not an object: ${answer.body.slice(0, 200)}`;
  const { data, errors } = body as { data?: unknown; errors?: unknown };
  if (errors === undefined) {
    if (answer.status >= 400) return `status ${answer.status} without errors`;
    return data === undefined ? 'neither data nor errors' : undefined;
  }
  return judgeErrors(errors);
}

/** A non-empty list of errors, each with a message and a code, none of them internal. */
export function judgeErrors(errors: unknown): Verdict {
  if (!Array.isArray(errors) || errors.length === 0) return 'errors is not a non-empty list';
  for (const error of errors as Array<{ message?: unknown; extensions?: { code?: unknown } }>) {
    if (typeof error?.message !== 'string') return `an error without a message: ${JSON.stringify(error).slice(0, 200)}`;
    if (typeof error.extensions?.code !== 'string') return `an error without a code: ${JSON.stringify(error).slice(0, 300)}`;
    if (error.extensions.code === 'INTERNAL_SERVER_ERROR') return `an internal error: ${error.message.slice(0, 300)}`;
    if (error.message.length > 2_000) return `an error message of ${error.message.length} characters (an input echoed back?)`;
  }
  return undefined;
}

/** MCP answers are JSON-RPC: an accepted notification has no body; anything else is JSON. */
function judgeMcp(answer: Extract<Answer, { kind: 'http' }>): Verdict {
  if (answer.body === '' && answer.status < 300) return undefined;
  try {
    JSON.parse(answer.body.startsWith('event:') ? answer.body.replace(/^[\s\S]*?data: /, '') : answer.body);
  } catch {
    return `MCP status ${answer.status}: body is not JSON: ${answer.body.slice(0, 200)}`;
  }
  return undefined;
}
