import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { judge } from '../fuzz/oracle';
import type { FuzzRequest } from '../fuzz/requests';
import { send } from '../fuzz/send';

/** The oracle against servers that misbehave on purpose: each misbehaviour must fail its case. */
const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const close of closers) await close();
});

/** Listens on a random port; closed after the tests with every connection it still holds. */
async function listening(server: net.Server): Promise<string> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const raw: FuzzRequest = { kind: 'http', target: 'gateway', method: 'POST', path: '/graphql', headers: {}, raw: Buffer.from('POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-length: 5\r\n\r\n{}') };
const wsCase = (frames: string[]): FuzzRequest => ({ kind: 'ws-protocol', target: 'gateway', method: 'GET', path: '/graphql', headers: {}, ws: { subprotocol: 'graphql-transport-ws', frames } });
const INIT = JSON.stringify({ type: 'connection_init', payload: {} });

describe('the fuzz oracle', () => {
  test('When a raw request is never answered nor closed, then the case fails (it passed as a timeout before)', async () => {
    const silent = net.createServer({ allowHalfOpen: true }, (socket) => socket.on('data', () => undefined));
    const origin = await listening(silent);
    const answer = await send(origin, raw, 300);
    expect(answer.kind).toBe('timeout');
    expect(judge(raw, answer)).toBe('no answer within the timeout');
  });

  test('When a raw request is answered or its connection closed, then the case passes', async () => {
    const closing = net.createServer((socket) => socket.on('data', () => socket.destroy()));
    expect(judge(raw, await send(await listening(closing), raw, 2000))).toBeUndefined();
  });

  test.each([
    [4500, 'Internal server error', 'fails', 'the socket closed with 4500 Internal server error'],
    [1011, 'boom', 'fails', 'the socket closed with 1011 boom'],
    [4400, 'Invalid message received', 'passes (the protocol\'s answer to a bad message)', undefined],
  ])('When a WebSocket server closes with %i "%s" after a message, then the case %s', async (code, reason, _outcome, verdict) => {
    const server = http.createServer();
    const wss = new WebSocketServer({ server, handleProtocols: () => 'graphql-transport-ws' });
    closers.push(async () => void wss.close());
    wss.on('connection', (socket) =>
      socket.on('message', (data) => {
        if (String(data).includes('connection_init')) socket.send(JSON.stringify({ type: 'connection_ack' }));
        else socket.close(code, reason);
      }),
    );
    const request = wsCase([INIT, '{"id":"1","type":"subscribe","payload":{"query":"subscription { x }"}}']);
    expect(judge(request, await send(await listening(server), request, 2000))).toBe(verdict);
  });

  test('When a WebSocket error message or an event-stream result carries an error without a code, then the case fails', async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(':\n\nevent: next\ndata: {"errors":[{"message":"Validation aborted."}]}\n\nevent: complete\ndata:\n\n');
    });
    const wss = new WebSocketServer({ server, handleProtocols: () => 'graphql-transport-ws' });
    closers.push(async () => void wss.close());
    wss.on('connection', (socket) => socket.on('message', () => socket.send(JSON.stringify({ id: '1', type: 'error', payload: [{ message: 'no code' }] }))));
    const origin = await listening(server);
    const request = wsCase([INIT]);
    expect(judge(request, await send(origin, request, 2000))).toMatch(/in an error message: an error without a code/);
    const stream: FuzzRequest = { kind: 'sse-operation', target: 'gateway', method: 'POST', path: '/graphql/stream', headers: { accept: 'text/event-stream' }, body: '{}' };
    expect(judge(stream, await send(origin, stream, 2000))).toMatch(/in an event: an error without a code/);
  });

  test('When a WebSocket server neither acknowledges connection_init nor closes, then the case fails', async () => {
    const server = http.createServer();
    const wss = new WebSocketServer({ server, handleProtocols: () => 'graphql-transport-ws' });
    closers.push(async () => void wss.close());
    const request = wsCase([INIT]);
    expect(judge(request, await send(await listening(server), request, 2000))).toBe('connection_init neither acknowledged nor refused');
  });
});
