import http from 'node:http';
import WebSocket from 'ws';
import type { WsScript } from './liveCases';
import type { FuzzRequest } from './requests';

/** A live answer: the stream's first moments, or a WebSocket's messages and how it ended. */
export type LiveAnswer =
  | { kind: 'http'; status: number; contentType: string; body: string }
  | { kind: 'ws'; opened: boolean; messages: string[]; closeCode?: number; closeReason?: string }
  | { kind: 'closed' }
  | { kind: 'timeout' };

/**
 * An event stream that stays open (a subscription waiting for its next event) is read for
 * `listenMs` after its headers and then dropped: what it said by then is judged. A stream that
 * answers nothing at all within `timeoutMs` is a timeout.
 */
export function sendStream(origin: string, request: FuzzRequest, listenMs: number, timeoutMs: number): Promise<LiveAnswer> {
  const url = new URL(origin);
  return new Promise((resolve) => {
    let settled = false;
    const chunks: Buffer[] = [];
    let head: { status: number; contentType: string } | undefined;
    const done = (answer: LiveAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(answer);
    };
    const answered = () => done(head ? { kind: 'http', ...head, body: Buffer.concat(chunks).toString('utf8') } : { kind: 'closed' });
    const req = http.request({ host: url.hostname, port: url.port, method: request.method, path: request.path, headers: request.headers }, (res) => {
      head = { status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? '') };
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', answered);
      res.on('error', answered);
      setTimeout(answered, listenMs);
    });
    const timer = setTimeout(() => done({ kind: 'timeout' }), timeoutMs);
    req.on('error', () => (head ? answered() : done({ kind: 'closed' })));
    req.end(request.body);
  });
}

/**
 * Opens a WebSocket on /graphql, sends the script's frames in order, listens `listenMs` after the
 * last one, then closes it (1000). The server's messages and close code are what it is judged on.
 */
export function sendWs(origin: string, script: WsScript, listenMs: number, timeoutMs: number): Promise<LiveAnswer> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${origin.replace(/^http/, 'ws')}/graphql`, script.subprotocol, { maxPayload: 4_000_000 });
    const messages: string[] = [];
    let opened = false;
    let settled = false;
    const done = (answer: LiveAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (ws.readyState === WebSocket.OPEN) ws.close(1000);
      else if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
      resolve(answer);
    };
    const timer = setTimeout(() => done(opened ? { kind: 'ws', opened, messages } : { kind: 'timeout' }), timeoutMs);
    ws.on('message', (data) => messages.push(String(data)));
    ws.on('close', (code, reason) => done({ kind: 'ws', opened, messages, closeCode: code, closeReason: String(reason) }));
    ws.on('error', () => undefined); // the close (or the timeout) says what happened
    ws.on('unexpected-response', (_req, res) => done({ kind: 'http', status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: '' }));
    ws.on('open', async () => {
      opened = true;
      for (const frame of script.frames) {
        if (ws.readyState !== WebSocket.OPEN) return;
        await new Promise<void>((sent) => ws.send(frame, { binary: Buffer.isBuffer(frame) }, () => sent()));
      }
      setTimeout(() => done({ kind: 'ws', opened, messages }), listenMs);
    });
  });
}
