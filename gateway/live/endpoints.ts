/** The live graph's two transports: Server-Sent Events on /graphql/stream, WebSocket on /graphql. */
export { sseRoute, type SseRoute } from './sseRoute';
export { serveWebSocket, withoutClientFrameErrors, type WebSocketEndpoint } from './webSocket';
export type { CallerContext, LiveEndpointOptions } from './liveOperation';
