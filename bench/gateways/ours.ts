import cluster from 'node:cluster';

/**
 * Our gateway exactly as `npm run start:gateway` runs it (compiled gateway/index.ts, configured by the
 * environment). BENCH_WORKERS=n runs n of them behind node:cluster on one port: only for the
 * benchmark's separate multi-process row, never for the per-core ratio.
 */
const workers = Number(process.env.BENCH_WORKERS ?? 1);
if (workers > 1 && cluster.isPrimary) {
  for (let i = 0; i < workers; i++) cluster.fork();
  const stop = () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
} else {
  void import('../../gateway/index');
}
