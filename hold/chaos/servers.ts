import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A port the kernel just handed out and took back: free unless someone races for it. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Resolves once something accepts TCP connections on the port. */
export async function waitForPort(port: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on port ${port} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * A broker of this run's own (nats-server with JetStream, or redis-server), on a free port with its
 * data in a temporary directory: it can be stopped, frozen and restarted without touching the
 * machine's shared servers or anyone else's test.
 */
export class PrivateServer {
  private child: ChildProcess | undefined;
  private constructor(
    readonly name: string,
    private readonly command: string,
    private readonly args: (port: number, dir: string) => string[],
    readonly port: number,
    readonly dir: string,
  ) {}

  static async nats(binary = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server'): Promise<PrivateServer> {
    return PrivateServer.start('nats', binary, (port, dir) => ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir]);
  }

  static async redis(binary = process.env.REDIS_SERVER_BIN ?? 'redis-server'): Promise<PrivateServer> {
    return PrivateServer.start('redis', binary, (port, dir) => ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no']);
  }

  private static async start(name: string, command: string, args: (port: number, dir: string) => string[]): Promise<PrivateServer> {
    const server = new PrivateServer(name, command, args, await freePort(), mkdtempSync(join(tmpdir(), `hold-${name}-`)));
    await server.up();
    return server;
  }

  get url(): string {
    return `${this.name === 'nats' ? 'nats' : 'redis'}://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the server (again), on the same port and data directory. */
  async up(): Promise<void> {
    if (this.child) return;
    const child = spawn(this.command, this.args(this.port, this.dir), { stdio: 'ignore' });
    this.child = child;
    child.once('exit', () => {
      if (this.child === child) this.child = undefined;
    });
    await waitForPort(this.port);
  }

  /** Stops the server as a crash would (SIGKILL) or cleanly (SIGTERM); resolves once it has exited. */
  async down(signal: 'SIGKILL' | 'SIGTERM' = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGCONT');
    child.kill(signal);
    await exited;
  }

  /** Freezes (SIGSTOP) or thaws (SIGCONT) the server: connected, silent. */
  freeze(frozen: boolean): void {
    this.child?.kill(frozen ? 'SIGSTOP' : 'SIGCONT');
  }

  async stop(): Promise<void> {
    await this.down('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}
