import { Agent, createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/**
 * Several instances of a subgraph behind one URL, as a Kubernetes Service or a load balancer
 * puts them: requests go round-robin; an instance that refuses the connection (down, restarting)
 * is skipped, since the request never reached it. A request cut off after it was sent (the
 * instance died while handling it) is answered 502, like nginx or envoy would: it may or may not
 * have been carried out, so the balancer never repeats it.
 */
export class Balancer {
  /** Requests each upstream answered, by index: proves the traffic really was split. */
  readonly served: number[];
  private next = 0;
  // A connection per request: a dead instance then shows as a refused connection (skipped), never
  // as a pooled socket reset on first use, so only requests it really had can fail.
  private readonly agent = new Agent({ keepAlive: false });

  private constructor(
    private readonly upstreams: URL[],
    private readonly server: Server,
  ) {
    this.served = upstreams.map(() => 0);
  }

  static async start(upstreams: string[]): Promise<Balancer> {
    let balancer: Balancer | undefined;
    const server = createServer((req, res) => void balancer?.handle(req, res));
    balancer = new Balancer(upstreams.map((u) => new URL(u)), server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return balancer;
  }

  /** The URL the gateways call, with the upstreams' path. */
  get url(): string {
    const { port } = this.server.address() as { port: number };
    return `http://127.0.0.1:${port}${this.upstreams[0].pathname}`;
  }

  async stop(): Promise<void> {
    this.agent.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of req) chunks.push(chunk as Buffer);
    } catch {
      return void res.destroy(); // the caller went away mid-request
    }
    const body = Buffer.concat(chunks);
    const first = this.next++ % this.upstreams.length;
    for (let tried = 0; tried < this.upstreams.length; tried++) {
      const index = (first + tried) % this.upstreams.length;
      const outcome = await this.forward(index, req, body, res);
      if (outcome !== 'refused') return;
    }
    res.writeHead(503, { 'content-type': 'text/plain' }).end('no upstream accepted the connection');
  }

  private forward(index: number, req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<'done' | 'refused'> {
    const target = this.upstreams[index];
    return new Promise((resolve) => {
      const upstream = request(
        { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers, agent: this.agent },
        (answer) => {
          this.served[index]++;
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          answer.on('end', () => resolve('done'));
          answer.on('error', () => {
            res.destroy(); // cut mid-answer: the caller sees the connection fail
            resolve('done');
          });
        },
      );
      upstream.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'ECONNREFUSED') return resolve('refused');
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end(`upstream failed: ${error.code ?? error.message}`);
        resolve('done');
      });
      upstream.end(body);
    });
  }
}
