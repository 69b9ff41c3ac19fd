import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { TcpProxy } from '../../test/scale/events/support/tcpProxy';

/**
 * A database of this run's own on the PostgreSQL server, reached through a TCP relay the run can
 * cut (the server unreachable: connections reset, new ones refused) and restore; its backends can be
 * terminated without touching anyone else's connections.
 */
export class ChaosDatabase {
  private constructor(
    private readonly server: URL,
    readonly name: string,
    private readonly proxy: TcpProxy,
  ) {}

  static async create(serverUrl = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test'): Promise<ChaosDatabase> {
    const server = new URL(serverUrl);
    const name = `hold_chaos_${randomBytes(4).toString('hex')}`;
    await ChaosDatabase.admin(server, `CREATE DATABASE ${name}`);
    const proxy = await TcpProxy.start(`tcp://${server.hostname}:${server.port || 5432}`);
    return new ChaosDatabase(server, name, proxy);
  }

  private static async admin(server: URL, sql: string, params: unknown[] = []): Promise<number> {
    const client = new Client({ connectionString: server.toString() });
    await client.connect();
    try {
      return (await client.query(sql, params)).rowCount ?? 0;
    } finally {
      await client.end();
    }
  }

  /** The URL the graph uses: through the relay. */
  get url(): string {
    const url = new URL(this.server.toString());
    url.hostname = '127.0.0.1';
    url.port = String(this.proxy.port);
    url.pathname = `/${this.name}`;
    return url.toString();
  }

  /** The URL checks use: straight to the server, whatever the relay is doing. */
  get directUrl(): string {
    const url = new URL(this.server.toString());
    url.pathname = `/${this.name}`;
    return url.toString();
  }

  /** pg_terminate_backend on every connection to this database; resolves with how many there were. */
  killBackends(): Promise<number> {
    return ChaosDatabase.admin(this.server, 'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [this.name]);
  }

  /** The server unreachable from the graph: open connections reset, new ones refused. */
  cut(): Promise<void> {
    return this.proxy.cut();
  }

  restore(): Promise<void> {
    return this.proxy.restore();
  }

  async drop(): Promise<void> {
    await this.proxy.stop();
    await this.killBackends().catch(() => 0);
    await ChaosDatabase.admin(this.server, `DROP DATABASE IF EXISTS ${this.name}`);
  }
}
