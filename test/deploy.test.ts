import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { SUBGRAPH_NAMES } from '../common/subgraphs';
import { loadSubgraphConfig } from '../common/subgraphConfig';

/**
 * The deployment files, checked as far as this machine allows (no container engine here): they
 * parse, their commands name real entry points and subgraphs, and every variable they set is one
 * the code reads.
 */
const ROOT = join(__dirname, '..');
const SOURCE_DIRS = ['common', 'gateway', 'scripts', 'subgraphs', 'mcp'];
const OFFICIAL_IMAGES = /^(postgres|nats|redis):\d+(\.\d+)*$/;
const OUR_IMAGE = 'customer-graph:latest';

function sourceText(): string {
  const texts: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== '__tests__') walk(path);
      else if (entry.name.endsWith('.ts')) texts.push(readFileSync(path, 'utf8'));
    }
  };
  for (const dir of SOURCE_DIRS) walk(join(ROOT, dir));
  return texts.join('\n');
}

/** Read by name (`'PORT'`, `env.LOG_LEVEL`) or through envName(name, 'SUFFIX') for the per-subgraph variables. */
function isReadByCode(variable: string, source: string): boolean {
  if (source.includes(`'${variable}'`) || source.includes(`env.${variable}`)) return true;
  const perSubgraph = new RegExp(`^(${SUBGRAPH_NAMES.map((n) => n.toUpperCase()).join('|')})_(\\w+)$`).exec(variable);
  return perSubgraph !== null && source.includes(`envName(name, '${perSubgraph[2]}')`);
}

/** Folders `npm run build` compiles into dist/ (tsconfig.build.json). */
const BUILT_DIRS = (JSON.parse(readFileSync(join(ROOT, 'tsconfig.build.json'), 'utf8').replace(/^\s*\/\/.*$/gm, '')) as { include: string[] }).include;

/**
 * `node [node flags] dist/<entry>.js [arguments]`: the compiled code of a source file that exists in
 * a folder the build compiles; node flags (the gateway's heap sizes) come before the entry point.
 */
function checkCommand(command: string[]): void {
  expect(command[0]).toBe('node');
  const [entry, ...args] = command.slice(1).filter((word) => !/^--[a-z-]+=\d+$/.test(word));
  const source = /^dist\/(.+)\.js$/.exec(entry)?.[1];
  expect([entry, source && existsSync(join(ROOT, `${source}.ts`))]).toEqual([entry, true]);
  expect(BUILT_DIRS).toContain(source!.split('/')[0]);
  if (source === 'scripts/startSubgraph') expect(SUBGRAPH_NAMES).toContain(args[0]);
}

const source = sourceText();

/** The node flags of the Dockerfile's default command (the gateway): every deployment of the gateway repeats them. */
const GATEWAY_NODE_FLAGS = (JSON.parse(/^CMD (.+)$/m.exec(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'))![1]) as string[]).filter((word) => word.startsWith('--'));
const nodeFlagsOf = (command: string[]) => command.filter((word) => word.startsWith('--'));

describe('Dockerfile', () => {
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
  const [buildStage, runStage] = dockerfile.split(/^FROM /m).slice(1);

  test('When the image is built, then the code is compiled in a build stage and the run stage starts the compiled gateway', () => {
    expect(buildStage).toMatch(/^RUN npm run build$/m);
    expect(runStage).toMatch(/^RUN npm ci --omit=dev\b/m);
    expect(runStage).toMatch(/^COPY --from=build \/app\/dist \.\/dist$/m);
    checkCommand(JSON.parse(/^CMD (.+)$/m.exec(runStage)![1]) as string[]);
  });

  test('When the compiled code runs in the image, then the files it reads at run time are there: schemas, operations, migrations', () => {
    expect(runStage).toMatch(/^COPY schema \.\/schema$/m);
    for (const name of SUBGRAPH_NAMES) {
      expect(existsSync(join(ROOT, 'subgraphs', name, 'migrations'))).toBe(true);
      expect(runStage).toContain(`COPY subgraphs/${name}/migrations ./subgraphs/${name}/migrations`);
    }
  });
});

describe('docker-compose.yml', () => {
  const [doc] = parseAllDocuments(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true });
  const compose = doc.toJS({ maxAliasCount: 100 }) as { services: Record<string, any> };

  test('When the compose file is read, then it runs PostgreSQL, NATS, Redis, the four subgraphs and two gateways from real images and commands', () => {
    expect(doc.errors).toEqual([]);
    const services = compose.services;
    for (const name of ['postgres', 'nats', 'redis', ...SUBGRAPH_NAMES, 'gateway-a', 'gateway-b']) expect(services[name]).toBeDefined();
    for (const [name, service] of Object.entries(services)) {
      if (service.image === OUR_IMAGE) checkCommand(service.command);
      else expect([name, service.image]).toEqual([name, expect.stringMatching(OFFICIAL_IMAGES)]);
    }
    expect(services.nats.command).toContain('-js');
  });

  test('When a gateway is started, then it gets the heap sizes of the Dockerfile\'s command', () => {
    expect(GATEWAY_NODE_FLAGS).toEqual([expect.stringMatching(/^--max-old-space-size=\d+$/), expect.stringMatching(/^--max-semi-space-size=\d+$/)]);
    for (const name of ['gateway-a', 'gateway-b']) expect([name, nodeFlagsOf(compose.services[name].command)]).toEqual([name, GATEWAY_NODE_FLAGS]);
  });

  test('When a service sets an environment variable, then the code reads that variable', () => {
    const unknown = Object.values(compose.services)
      .flatMap((service: any) => Object.keys(service.environment ?? {}))
      .filter((variable) => !isReadByCode(variable, source) && !['POSTGRES_PASSWORD', 'POSTGRES_DB'].includes(variable));
    expect(unknown).toEqual([]);
  });

  test('When Redis runs, then it requires a password, which only the gateways hold in their REDIS_URL; only the subgraphs hold DATABASE_URL', () => {
    const services = compose.services;
    expect(services.redis.command).toEqual(['redis-server', '--requirepass', expect.stringMatching(/^\$\{REDIS_PASSWORD:\?.+\}$/)]);
    for (const [name, service] of Object.entries(services)) {
      const env = (service.environment ?? {}) as Record<string, string>;
      const isGateway = name.startsWith('gateway-');
      if (isGateway) expect([name, new URL(env.REDIS_URL.replace(/\$\{REDIS_PASSWORD[^}]*\}/, 'secret')).password]).toEqual([name, 'secret']);
      else expect([name, env.REDIS_URL]).toEqual([name, undefined]);
      if (service.image === OUR_IMAGE) expect([name, env.DATABASE_URL !== undefined]).toEqual([name, !isGateway]);
    }
  });

  test('When the compose file runs the gateways, then /health/* and /metrics get their own port, which is not published', () => {
    for (const name of ['gateway-a', 'gateway-b']) {
      const { environment, ports } = compose.services[name];
      expect([name, environment.OPS_PORT, environment.OPS_PORT === environment.PORT]).toEqual([name, expect.stringMatching(/^\d+$/), false]);
      expect([name, (ports as string[]).some((port) => port.endsWith(`:${environment.OPS_PORT}`))]).toEqual([name, false]);
    }
  });

  test('When the production compose file starts the subgraphs, then none writes the demo world', () => {
    for (const name of SUBGRAPH_NAMES) {
      const env = compose.services[name].environment as Record<string, string>;
      expect([name, env.NODE_ENV, env.DEMO_MODE, loadSubgraphConfig(name, env).demoData]).toEqual([name, 'production', undefined, false]);
    }
  });

  test('When the demo compose file is layered on for a local try-out, then it is demo mode, named so, outside NODE_ENV=production, and writes the demo world', () => {
    const text = readFileSync(join(ROOT, 'docker-compose.demo.yml'), 'utf8');
    expect(text).toMatch(/LOCAL TRY-OUT ONLY/);
    const demo = parseAllDocuments(text, { merge: true })[0].toJS({ maxAliasCount: 100 }) as { services: Record<string, any> };
    for (const name of SUBGRAPH_NAMES) {
      const env = { ...compose.services[name].environment, ...demo.services[name].environment } as Record<string, string>;
      // A production process refuses demo mode: loading the layered configuration proves the file replaces NODE_ENV.
      expect([name, env.DEMO_MODE, env.NODE_ENV === 'production', loadSubgraphConfig(name, env).demoData]).toEqual([name, 'true', false, true]);
    }
  });

  test('When the demo compose file publishes the gateways, then it replaces the base ports with ones bound to 127.0.0.1 only', () => {
    const [demoDoc] = parseAllDocuments(readFileSync(join(ROOT, 'docker-compose.demo.yml'), 'utf8'), { merge: true });
    const demo = demoDoc.toJS({ maxAliasCount: 100 }) as { services: Record<string, any> };
    const published = Object.keys(compose.services).filter((name) => compose.services[name].ports !== undefined);
    expect(published.sort()).toEqual(['gateway-a', 'gateway-b']);
    for (const name of published) {
      // Compose adds a layered file's ports to the base file's unless the list is tagged !override.
      const node = demoDoc.getIn(['services', name, 'ports'], true) as { tag?: string } | undefined;
      expect([name, node?.tag]).toEqual([name, '!override']);
      const ports = demo.services[name].ports as string[];
      expect([name, ports.length > 0, ports.every((port) => port.startsWith('127.0.0.1:'))]).toEqual([name, true, true]);
    }
  });
});

describe('Kubernetes manifests', () => {
  const documents = readdirSync(join(ROOT, 'deploy', 'k8s')).flatMap((file) =>
    parseAllDocuments(readFileSync(join(ROOT, 'deploy', 'k8s', file), 'utf8')).map((doc) => {
      expect([file, doc.errors]).toEqual([file, []]);
      return doc.toJS() as any;
    }),
  );
  const deployments = documents.filter((d) => d.kind === 'Deployment');

  test('When the manifests are read, then every process has a Deployment with probes on the health endpoints, resources and a Service', () => {
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual(['gateway', ...SUBGRAPH_NAMES].sort());
    for (const deployment of deployments) {
      const [container] = deployment.spec.template.spec.containers;
      expect(container.image).toBe(OUR_IMAGE);
      checkCommand(container.command);
      expect(container.readinessProbe.httpGet.path).toBe('/health/ready');
      expect(container.livenessProbe.httpGet.path).toBe('/health/live');
      expect(container.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
      const service = documents.find((d) => d.kind === 'Service' && d.metadata.name === deployment.metadata.name);
      expect(service.spec.ports[0].targetPort).toBe(container.ports[0].containerPort);
    }
  });

  test('When the gateway Deployment runs, then its probes and metrics use the operations port, which its Service does not expose', () => {
    const gateway = deployments.find((d) => d.metadata.name === 'gateway');
    const [container] = gateway.spec.template.spec.containers;
    const opsPort = Number(environmentOf(gateway).OPS_PORT);
    expect(container.ports).toContainEqual({ name: 'ops', containerPort: opsPort });
    expect([container.readinessProbe.httpGet.port, container.livenessProbe.httpGet.port]).toEqual(['ops', 'ops']);
    expect(gateway.spec.template.metadata.annotations['prometheus.io/port']).toBe(String(opsPort));
    const service = documents.find((d) => d.kind === 'Service' && d.metadata.name === 'gateway');
    expect(service.spec.ports.map((p: { targetPort: number }) => p.targetPort)).not.toContain(opsPort);
  });

  test('When the gateway Deployment starts, then it gets the heap sizes of the Dockerfile\'s command', () => {
    const gateway = deployments.find((d) => d.metadata.name === 'gateway');
    expect(nodeFlagsOf(gateway.spec.template.spec.containers[0].command)).toEqual(GATEWAY_NODE_FLAGS);
  });

  test('When a manifest sets an environment variable, then the code reads that variable', () => {
    const variables = [
      ...documents.filter((d) => d.kind === 'ConfigMap').flatMap((d) => Object.keys(d.data)),
      ...documents.filter((d) => d.kind === 'Secret').flatMap((d) => Object.keys(d.stringData)),
      ...deployments.flatMap((d) => (d.spec.template.spec.containers[0].env ?? []).map((e: { name: string }) => e.name)),
    ];
    expect(variables.filter((variable) => !isReadByCode(variable, source))).toEqual([]);
  });

  /** Every variable a Deployment's container receives, from env and from the ConfigMaps and Secrets it names. */
  const environmentOf = (deployment: any): Record<string, string> => {
    const [container] = deployment.spec.template.spec.containers;
    const fromSources = (container.envFrom ?? []).map((source: any) => {
      const ref = source.configMapRef ?? source.secretRef;
      const kind = source.configMapRef ? 'ConfigMap' : 'Secret';
      const doc = documents.find((d) => d.kind === kind && d.metadata.name === ref.name);
      expect([ref.name, doc !== undefined]).toEqual([ref.name, true]);
      return kind === 'ConfigMap' ? doc.data : doc.stringData;
    });
    const direct = Object.fromEntries((container.env ?? []).map((e: { name: string; value: string }) => [e.name, e.value]));
    return Object.assign({}, ...fromSources, direct);
  };

  test('When the gateway starts, then it gets no DATABASE_URL, and its REDIS_URL (from a Secret) carries a password; the subgraphs get the database', () => {
    for (const deployment of deployments) {
      const env = environmentOf(deployment);
      const name = deployment.metadata.name;
      if (name === 'gateway') {
        expect(env.DATABASE_URL).toBeUndefined();
        expect(new URL(env.REDIS_URL).password).not.toBe('');
      } else {
        expect([name, typeof env.DATABASE_URL, env.REDIS_URL]).toEqual([name, 'string', undefined]);
      }
    }
    expect(documents.filter((d) => d.kind === 'ConfigMap').flatMap((d) => Object.keys(d.data))).not.toContain('REDIS_URL');
  });

  test('When the subgraphs start from the manifests, then none writes the demo world', () => {
    const env = Object.assign({}, ...documents.filter((d) => d.kind === 'ConfigMap').map((d) => d.data)) as Record<string, string>;
    expect(env.DEMO_MODE).toBeUndefined();
    for (const name of SUBGRAPH_NAMES) expect([name, loadSubgraphConfig(name, env).demoData]).toEqual([name, false]);
  });
});
