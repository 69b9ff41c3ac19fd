import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/**
 * An HTTP proxy in front of a subgraph that a test can close like a gate: while it is held,
 * requests wait in the proxy (a slow subgraph, as the gateway sees it) until the test lets them
 * through. A test knows a request is in flight, and when it goes on, without guessing at timings.
 */
export class GatedProxy {
  private waiting: Array<() => void> = [];
  private holding = false;
  private arrivals: Array<() => void> = [];

  private constructor(
    private readonly target: URL,
    private readonly server: Server,
  ) {}

  static async start(targetUrl: string): Promise<GatedProxy> {
    let proxy: GatedProxy | undefined;
    const server = createServer((req, res) => proxy?.handle(req, res));
    proxy = new GatedProxy(new URL(targetUrl), server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return proxy;
  }

  get url(): string {
    const { port } = this.server.address() as { port: number };
    return `http://127.0.0.1:${port}${this.target.pathname}`;
  }

  /** Requests from now on wait until `release`. */
  hold(): void {
    this.holding = true;
  }

  /** Resolves once `count` requests are waiting at the gate. */
  async held(count: number): Promise<void> {
    while (this.waiting.length < count) await new Promise<void>((resolve) => this.arrivals.push(resolve));
  }

  /** Lets every waiting request through and stops holding. */
  release(): void {
    this.holding = false;
    const waiting = this.waiting;
    this.waiting = [];
    for (const go of waiting) go();
  }

  async stop(): Promise<void> {
    this.release();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const forward = () => {
      const upstream = request(
        { host: this.target.hostname, port: this.target.port, path: req.url, method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    };
    if (!this.holding) return forward();
    this.waiting.push(forward);
    const arrivals = this.arrivals;
    this.arrivals = [];
    for (const arrived of arrivals) arrived();
  }
}
