import type { AddressInfo } from 'node:net';
import { createGuildSubgraphServer } from './subgraphServer';

/**
 * The Guild benchmark's subgraphs as one process (bench/guild/run.ts pins it to the subgraphs' core):
 * listens on a free port, says which over IPC (`ready`), and answers `stats` with each subgraph's
 * request counters, so the bench can check that every fetch was answered from memory without errors.
 */
const { server, counters } = createGuildSubgraphServer();
server.listen(0, '127.0.0.1', () => {
  process.send?.({ type: 'ready', port: (server.address() as AddressInfo).port });
});
process.on('message', (message: { type?: string }) => {
  if (message?.type === 'stats') process.send?.({ type: 'stats', counters });
});
const stop = () => server.close(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
process.once('disconnect', stop);
