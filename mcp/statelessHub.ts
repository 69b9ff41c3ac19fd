import type { IncomingMessage, ServerResponse } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import { isJSONRPCErrorResponse, isJSONRPCRequest, isJSONRPCResultResponse, type JSONRPCMessage, type MessageExtraInfo, type RequestId } from '@modelcontextprotocol/sdk/types.js';

/**
 * One MCP server for the whole process over stateless Streamable HTTP. The SDK's stateless transport
 * serves a single HTTP request, and a Server speaks over one transport at a time; so the server is
 * connected once, to this hub, and each POST gets a transport of its own whose messages the hub hands
 * to the server under ids of its own (two clients may both send id 1), routing every answer back to
 * the request it belongs to under the client's id. Nothing is kept once a request is answered.
 */
export class StatelessHttpHub implements Transport {
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  private lastId = 0;
  private readonly waiting = new Map<number, { transport: StreamableHTTPServerTransport; clientId: RequestId }>();

  async start(): Promise<void> {}

  async close(): Promise<void> {
    this.waiting.clear();
    this.onclose?.();
  }

  /** The server's answers (and the notifications of a request it is answering) go to that request's transport. */
  async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    const isAnswer = isJSONRPCResultResponse(message) || isJSONRPCErrorResponse(message);
    const hubId = isAnswer ? message.id : options?.relatedRequestId;
    const route = typeof hubId === 'number' ? this.waiting.get(hubId) : undefined;
    if (!route) return; // stateless: a message outside any request has nowhere to go
    if (isAnswer) {
      this.waiting.delete(hubId as number);
      await route.transport.send({ ...message, id: route.clientId });
    } else {
      await route.transport.send(message, { ...options, relatedRequestId: route.clientId });
    }
  }

  /** Serves one HTTP request (the caller already authenticated) through the shared server. */
  async handle(req: IncomingMessage, res: ServerResponse, maxRequestBodySize: number): Promise<void> {
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true, maxRequestBodySize });
    const mine: number[] = [];
    transport.onerror = (error) => this.onerror?.(error);
    transport.onmessage = (message, extra) => {
      if (isJSONRPCRequest(message)) {
        const hubId = ++this.lastId;
        mine.push(hubId);
        this.waiting.set(hubId, { transport, clientId: message.id });
        this.onmessage?.({ ...message, id: hubId }, extra);
      } else if (!('method' in message && message.method === 'notifications/cancelled')) {
        // A cancellation names an id of another (stateless) request, which this hub cannot tell apart.
        this.onmessage?.(message, extra);
      }
    };
    res.once('close', () => {
      // A client gone before its answer: the server stops working for it.
      for (const hubId of mine) {
        if (this.waiting.delete(hubId)) this.onmessage?.({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: hubId, reason: 'the HTTP request closed' } });
      }
      void transport.close();
    });
    await transport.start();
    await transport.handleRequest(req, res);
  }
}
