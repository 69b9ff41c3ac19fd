import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = join(__dirname, '..', '..', '..', '..');
const WORKER = join(__dirname, '..', 'processes', 'worker.ts');

export type WorkerKind = 'relay' | 'consumer';

/** A worker process (test/scale/processes/worker.ts) and what its log lines said. */
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

/** Starts a worker with TypeScript run by tsx; resolves `ready` on its `worker ready` line. */
export function startWorker(kind: WorkerKind, env: Record<string, string>, events: WorkerEvents = {}, readyWithinMs = 30_000): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, kind], {
    cwd: ROOT,
    // Info level: the ready line and the mail transport's sent lines are what the test reads.
    env: { PATH: process.env.PATH ?? '', ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    void exited.then((code) => reject(new Error(`${kind} worker exited (${code}) before it was ready: ${stderr.join('')}`)));
    const timer = setTimeout(() => reject(new Error(`${kind} worker not ready within ${readyWithinMs} ms: ${stderr.join('')}`)), readyWithinMs);
    void exited.then(() => clearTimeout(timer));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      let entry: { msg?: string; notificationId?: string };
      try {
        entry = JSON.parse(line) as typeof entry;
      } catch {
        return; // a line cut short by SIGKILL
      }
      if (entry.msg === 'worker ready') {
        clearTimeout(timer);
        resolve();
      }
      if (entry.msg === 'notification sent' && entry.notificationId) events.onSent?.(entry.notificationId);
    });
  });
  ready.catch(() => undefined);
  return { kind, child, ready, exited };
}

/** Kills a worker the hard way: no shutdown code runs, like a crash or an OOM kill. */
export async function crash(worker: Worker): Promise<void> {
  worker.child.kill('SIGKILL');
  await worker.exited;
}

/** Stops a worker politely, and hard if it does not stop in time. */
export async function stopWorker(worker: Worker, graceMs = 5000): Promise<void> {
  if (worker.child.exitCode !== null || worker.child.signalCode !== null) return;
  worker.child.kill('SIGTERM');
  const timer = setTimeout(() => worker.child.kill('SIGKILL'), graceMs);
  await worker.exited;
  clearTimeout(timer);
}
