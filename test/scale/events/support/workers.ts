import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = join(__dirname, '..', '..', '..', '..');

/** The process kinds of a deployment, each started as its start script starts it. */
export type WorkerKind = 'gateway' | 'orders' | 'notifications';

/** The container image's commands (Dockerfile, compose, Kubernetes): the compiled code run by plain node. */
const ENTRY: Record<WorkerKind, { args: string[]; readyLine: string }> = {
  gateway: { args: [join(ROOT, 'dist', 'gateway', 'index.js')], readyLine: 'gateway ready' },
  orders: { args: [join(ROOT, 'dist', 'scripts', 'startSubgraph.js'), 'orders'], readyLine: 'orders subgraph ready' },
  notifications: { args: [join(ROOT, 'dist', 'scripts', 'startSubgraph.js'), 'notifications'], readyLine: 'notifications subgraph ready' },
};

let built = false;
/** `npm run build` once per test file: only what changed since the last build is written. */
function buildOnce(): void {
  if (built) return;
  const run = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`npm run build failed: ${run.stdout}${run.stderr}`);
  built = true;
}

/** A process of the graph and what its log lines said. */
export interface Worker {
  kind: WorkerKind;
  child: ChildProcess;
  ready: Promise<void>;
  exited: Promise<number | null>;
}

export interface WorkerEvents {
  /** A notification left through the mail transport (its `notification sent` log line). */
  onSent?(notificationId: string): void;
}

/**
 * Starts a process of the graph as deployed: node on the compiled code (no npm wrapper, whose child
 * would survive a SIGKILL of the wrapper); resolves `ready` on its ready log line.
 */
export function startWorker(kind: WorkerKind, env: Record<string, string>, events: WorkerEvents = {}, readyWithinMs = 60_000): Worker {
  buildOnce();
  const { args, readyLine } = ENTRY[kind];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    // Info level: the ready line and the mail transport's sent lines are what the test reads.
    env: { PATH: process.env.PATH ?? '', ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    void exited.then((code) => reject(new Error(`${kind} exited (${code}) before it was ready: ${stderr.join('')}`)));
    const timer = setTimeout(() => reject(new Error(`${kind} not ready within ${readyWithinMs} ms: ${stderr.join('')}`)), readyWithinMs);
    void exited.then(() => clearTimeout(timer));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      let entry: { msg?: string; notificationId?: string };
      try {
        entry = JSON.parse(line) as typeof entry;
      } catch {
        return; // the start script's plain line, or a line cut short by SIGKILL
      }
      if (entry.msg === readyLine) {
        clearTimeout(timer);
        resolve();
      }
      if (entry.msg === 'notification sent' && entry.notificationId) events.onSent?.(entry.notificationId);
    });
  });
  ready.catch(() => undefined);
  return { kind, child, ready, exited };
}

/** Kills a process the hard way: no shutdown code runs, like a crash or an OOM kill. */
export async function crash(worker: Worker): Promise<void> {
  worker.child.kill('SIGKILL');
  await worker.exited;
}

/** Stops a process politely, and hard if it does not stop in time. */
export async function stopWorker(worker: Worker, graceMs = 5000): Promise<void> {
  if (worker.child.exitCode !== null || worker.child.signalCode !== null) return;
  worker.child.kill('SIGTERM');
  const timer = setTimeout(() => worker.child.kill('SIGKILL'), graceMs);
  await worker.exited;
  clearTimeout(timer);
}

/** A port free right now, for a process that must come back on the same one after a restart. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
