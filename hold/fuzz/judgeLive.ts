import { judgeErrors, type Verdict } from './oracle';
import type { FuzzRequest } from './requests';
import type { LiveAnswer } from './sendLive';

/**
 * Close codes a graphql-transport-ws server may end a socket with for a client's fault: normal,
 * going away, protocol error, unsupported data, invalid payload, too big (ws); bad request,
 * unauthorized, forbidden, subprotocol not acceptable, init timeout, subscriber already exists,
 * too many initialisation requests (graphql-ws). 1006 (dropped without a close), 1011 and 4500
 * (internal error: every subscription on the socket lost) fail.
 */
const CLIENT_FAULT_CLOSES = new Set([1000, 1001, 1002, 1003, 1007, 1009, 4400, 4401, 4403, 4406, 4408, 4409, 4429]);

/** Events of a stream read for a moment: each `next` a result whose errors carry codes. */
export function judgeEvents(body: string): Verdict {
  for (const block of body.split('\n\n')) {
    if (!block.startsWith('event: next')) continue;
    const data = block.split('\n').filter((line) => line.startsWith('data:')).map((line) => line.replace(/^data: ?/, '')).join('\n');
    let result: { data?: unknown; errors?: unknown; payload?: { errors?: unknown } };
    try {
      result = JSON.parse(data);
    } catch {
      return `an event that is not JSON: ${data.slice(0, 200)}`;
    }
    const errors = result.payload ? result.payload.errors : result.errors;
    if (errors !== undefined) {
      const verdict = judgeErrors(errors);
      if (verdict) return `in an event: ${verdict}`;
    }
  }
  return undefined;
}

export function judgeWebSocket(request: FuzzRequest, answer: Extract<LiveAnswer, { kind: 'ws' }>): Verdict {
  const script = request.ws!;
  if (!answer.opened) return script.subprotocol === 'graphql-transport-ws' ? 'the WebSocket upgrade did not open' : undefined;
  if (answer.closeCode !== undefined && !CLIENT_FAULT_CLOSES.has(answer.closeCode)) return `the socket closed with ${answer.closeCode} ${answer.closeReason ?? ''}`.trim();
  let acknowledged = false;
  for (const text of answer.messages) {
    let message: { type?: unknown; payload?: unknown };
    try {
      message = JSON.parse(text);
    } catch {
      return `a message that is not JSON: ${text.slice(0, 200)}`;
    }
    if (message.type === 'connection_ack') acknowledged = true;
    if (message.type === 'error') {
      const verdict = judgeErrors(message.payload);
      if (verdict) return `in an error message: ${verdict}`;
    }
    if (message.type === 'next' && (message.payload as { errors?: unknown } | undefined)?.errors !== undefined) {
      const verdict = judgeErrors((message.payload as { errors: unknown }).errors);
      if (verdict) return `in a next message: ${verdict}`;
    }
  }
  const startsWithInit = typeof script.frames[0] === 'string' && /^\{"type":"connection_init"/.test(script.frames[0]) && script.frames[0].length < 1_000_000;
  if (script.subprotocol === 'graphql-transport-ws' && startsWithInit && !acknowledged && answer.closeCode === undefined) {
    return 'connection_init neither acknowledged nor refused';
  }
  return undefined;
}
