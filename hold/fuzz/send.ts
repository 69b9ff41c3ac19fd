import http from 'node:http';
import net from 'node:net';
import type { FuzzRequest } from './requests';
import { sendStream, sendWs, type LiveAnswer } from './sendLive';

/**
 * What came back: an HTTP answer (an event stream's first moments), a WebSocket's messages and
 * close, a connection the server closed without an answer, or nothing in time.
 */
export type Answer = LiveAnswer;

/** How long an open event stream or WebSocket is listened to before the case lets it go. */
const LISTEN_MS = 300;

const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

/** Sends a case to `origin` (http://host:port) and reads the whole answer. */
export function send(origin: string, request: FuzzRequest, timeoutMs: number): Promise<Answer> {
  if (request.raw) return sendRaw(origin, request.raw, timeoutMs);
  if (request.ws) return sendWs(origin, request.ws, LISTEN_MS, timeoutMs);
  if (request.headers.accept === 'text/event-stream') return sendStream(origin, request, LISTEN_MS, timeoutMs);
  return sendHttp(origin, request, timeoutMs, true);
}

function sendHttp(origin: string, request: FuzzRequest, timeoutMs: number, mayRetry: boolean): Promise<Answer> {
  const url = new URL(origin);
  return new Promise((resolve) => {
    let settled = false;
    const done = (answer: Answer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(answer);
    };
    const req = http.request(
      { host: url.hostname, port: url.port, method: request.method, path: request.path, headers: request.headers, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done({ kind: 'http', status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', () => done({ kind: 'closed' }));
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      done({ kind: 'timeout' });
    }, timeoutMs);
    // The server may answer (413, 415) and close before the body is all written: that is an answer.
    // A kept-alive socket the server closed as idle just as it was reused is the client's race
    // (as Node's documentation says): sent again once, on a fresh connection.
    req.on('error', () => {
      if (mayRetry && req.reusedSocket && !settled) {
        settled = true;
        clearTimeout(timer);
        resolve(sendHttp(origin, request, timeoutMs, false));
      } else done({ kind: 'closed' });
    });
    req.end(request.body);
  });
}

/** Writes bytes down a fresh socket; reads the status line of whatever comes back. */
function sendRaw(origin: string, bytes: Buffer, timeoutMs: number): Promise<Answer> {
  const url = new URL(origin);
  return new Promise((resolve) => {
    const socket = net.connect(Number(url.port), url.hostname);
    const chunks: Buffer[] = [];
    let settled = false;
    const done = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      if (!match) return resolve({ kind: 'closed' });
      const headerEnd = text.indexOf('\r\n\r\n');
      const contentType = /\r\ncontent-type: *([^\r]*)/i.exec(text)?.[1] ?? '';
      resolve({ kind: 'http', status: Number(match[1]), contentType, body: headerEnd < 0 ? '' : text.slice(headerEnd + 4) });
    };
    // A raw case says all it will say and half-closes: the server then owes it an answer or a close,
    // and a socket it leaves open with neither fails the case (see the oracle).
    const timer = setTimeout(() => {
      if (chunks.length) return done();
      settled = true;
      socket.destroy();
      resolve({ kind: 'timeout' });
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (Buffer.concat(chunks).includes('\r\n\r\n')) setTimeout(done, 50);
    });
    socket.on('end', done);
    socket.on('close', done);
    socket.on('error', done);
    socket.end(bytes);
  });
}
