import WebSocket from 'ws';

export interface SseAnswer {
  status: number;
  text: string;
  /** The server-sent events of the body, in order. */
  events: Array<{ event: string; data: string }>;
}

/** POSTs a raw body to /graphql/stream as a graphql-sse distinct-connection client and reads the whole answer. */
export async function ssePost(gatewayUrl: string, token: string, body: string): Promise<SseAnswer> {
  const response = await fetch(`${gatewayUrl}/stream`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
    body,
  });
  const text = await response.text();
  const events = text
    .split('\n\n')
    .filter((block) => block.startsWith('event:'))
    .map((block) => {
      const [eventLine, ...dataLines] = block.split('\n');
      return { event: eventLine.slice('event:'.length).trim(), data: dataLines.map((line) => line.replace(/^data: ?/, '')).join('\n') };
    });
  return { status: response.status, text, events };
}

export interface RawSocket {
  send(message: object): void;
  sendRaw(text: string): void;
  /** The first message for an operation id. */
  message(id: string): Promise<{ id: string; type: string; payload: any }>;
  /** The close code once the server has closed the socket. */
  readonly closed: number | undefined;
  readonly whenClosed: Promise<number>;
  close(): Promise<void>;
}

/** A graphql-transport-ws socket spoken by hand (a client library would refuse to send what these tests send), acknowledged. */
export async function rawSocket(gatewayUrl: string, token: string | undefined): Promise<RawSocket> {
  const ws = new WebSocket(gatewayUrl.replace(/^http/, 'ws'), 'graphql-transport-ws');
  const received: Array<{ id?: string; type: string; payload?: any }> = [];
  const waiters: Array<() => void> = [];
  let closed: number | undefined;
  const whenClosed = new Promise<number>((resolve) => ws.on('close', (code) => resolve((closed = code))));
  ws.on('error', () => undefined); // the close code says what happened
  ws.on('message', (data) => {
    received.push(JSON.parse(String(data)));
    for (const wake of waiters.splice(0)) wake();
  });
  const next = async (match: (m: { id?: string; type: string }) => boolean) => {
    for (;;) {
      const found = received.find(match);
      if (found) return found;
      if (closed !== undefined) throw new Error(`the socket closed with ${closed}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  };
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  ws.send(JSON.stringify({ type: 'connection_init', payload: token ? { authorization: `Bearer ${token}` } : {} }));
  await next((m) => m.type === 'connection_ack');
  return {
    send: (message) => ws.send(JSON.stringify(message)),
    sendRaw: (text) => ws.send(text),
    message: (id) => next((m) => m.id === id) as Promise<{ id: string; type: string; payload: any }>,
    get closed() {
      return closed;
    },
    whenClosed,
    async close() {
      if (closed === undefined) {
        ws.close(1000);
        await whenClosed;
      }
    },
  };
}
