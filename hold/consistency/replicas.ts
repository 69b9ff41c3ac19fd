import { connect } from 'node:net';

/**
 * The client side's load balancer: operations alternate between the replicas; one that drops a connection
 * or refuses it is taken out until it accepts TCP connections again (checked every 250 ms), as a health
 * check in front of a deployment would.
 */
export class Replicas {
  private turn = 0;
  private readonly down = new Set<string>();
  private readonly probes = new Map<string, NodeJS.Timeout>();

  constructor(private readonly replicas: ReadonlyArray<{ name: string; url: string }>) {}

  /** The next replica in turn that is up (the last one standing when all are down: its errors are recorded). */
  next(): { name: string; url: string } {
    for (let i = 0; i < this.replicas.length; i++) {
      const replica = this.replicas[this.turn++ % this.replicas.length];
      if (!this.down.has(replica.name)) return replica;
    }
    return this.replicas[0];
  }

  /** An operation on this replica failed: out of the rotation if the failure was the connection's. */
  failed(name: string, error: string | undefined): void {
    if (!error || !/fetch failed|ECONNREFUSED|ECONNRESET|socket|aborted|timeout/i.test(error)) return;
    if (this.down.has(name)) return;
    this.down.add(name);
    const url = new URL(this.replicas.find((r) => r.name === name)!.url);
    const probe = setInterval(() => {
      const socket = connect(Number(url.port), url.hostname);
      socket.once('connect', () => {
        socket.destroy();
        clearInterval(probe);
        this.probes.delete(name);
        this.down.delete(name);
      });
      socket.once('error', () => socket.destroy());
    }, 250);
    this.probes.set(name, probe);
  }

  isDown(name: string): boolean {
    return this.down.has(name);
  }

  close(): void {
    for (const probe of this.probes.values()) clearInterval(probe);
  }
}
