import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { dropSchema } from '../common/db';
import { generateIdentityKeyPair } from '../common/identityKeys';

/**
 * The container image's start command, run without a container engine but as the image runs it:
 * the files laid out as the Dockerfile's run stage copies them, owned by root and read-only for the
 * process, which runs as the image's `node` user (uid/gid 1000 in node:20 images), with the
 * Dockerfile's environment. Needs root (to change user) and a built dist/ (.ci/run builds first;
 * built here when missing).
 */
const ROOT = join(__dirname, '..');
const NODE_UID = 1000;
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const runStage = dockerfile.split(/^FROM /m)[2];
const canSwitchUser = process.getuid?.() === 0 && existsSync('/usr/bin/setpriv');
const suite = canSwitchUser ? describe : describe.skip;
if (!canSwitchUser) console.warn('test/image.test.ts skipped: running the image\'s command as another user needs root and setpriv');

/** The Dockerfile's ENV of the run stage, e.g. NODE_ENV=production HOST=0.0.0.0. */
function imageEnv(): Record<string, string> {
  const line = /^ENV (.+)$/m.exec(runStage)![1];
  return Object.fromEntries(line.split(/\s+/).map((pair) => pair.split('=') as [string, string]));
}

/**
 * /app as the run stage builds it: every COPY of the run stage; node_modules (npm ci, as root) as
 * links to this checkout's packages in a folder of its own, without a cache; `withBuildSteps`: the
 * stage's RUN steps other than npm ci, run as root as the build runs them.
 */
function layOutImage(withBuildSteps: boolean): string {
  const base = mkdtempSync(join(tmpdir(), 'image-'));
  chmodSync(base, 0o755);
  const app = join(base, 'app');
  mkdirSync(app);
  for (const [, from, sources] of runStage.matchAll(/^COPY (--from=build )?(.+)$/gm)) {
    const words = sources.split(/\s+/);
    const dest = words.pop()!;
    for (const source of words) {
      const local = from ? join(ROOT, source.replace(/^\/app\//, '')) : join(ROOT, source);
      const target = dest.endsWith('/') ? join(app, dest, source.split('/').pop()!) : join(app, dest);
      mkdirSync(dirname(target), { recursive: true });
      cpSync(local, target, { recursive: true });
    }
  }
  const modules = join(app, 'node_modules');
  mkdirSync(modules);
  for (const entry of readdirSync(join(ROOT, 'node_modules'))) {
    if (entry !== '.cache' && entry !== '.bin') symlinkSync(join(ROOT, 'node_modules', entry), join(modules, entry));
  }
  if (withBuildSteps) {
    for (const [, command] of runStage.matchAll(/^RUN (.+)$/gm)) {
      if (command.startsWith('npm ci')) continue;
      // The image's /app is this layout; `node` is uid 1000.
      execFileSync('sh', ['-c', command.replaceAll('/app/', `${app}/`).replace('chown node:node', `chown ${NODE_UID}:${NODE_UID}`)], { cwd: app, stdio: 'pipe' });
    }
  }
  return app;
}

/** Runs `command` (the image's) in `app` as uid 1000 and waits for the subgraph's "ready" line. */
function startAsNode(app: string, command: string[], env: Record<string, string>): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn('setpriv', [`--reuid=${NODE_UID}`, `--regid=${NODE_UID}`, '--clear-groups', ...command], {
    cwd: app,
    env: { PATH: process.env.PATH!, HOME: '/home/node', ...imageEnv(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /subgraph: (http:\/\/\S+)/.exec(output)?.[1];
      if (url) resolve({ child, url, output: () => output });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited with ${code} before it was ready:\n${output}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** An anonymous price lookup: Pricing reads its database to answer. */
async function priceLookup(url: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ product(sku: "NO-SUCH-SKU") { sku } }' }),
  });
  return { status: response.status, body: (await response.json()) as any };
}

suite('the container image\'s start command, as user node', () => {
  if (!existsSync(join(ROOT, 'dist', 'scripts', 'startSubgraph.js'))) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe' });
  const command = ['node', 'dist/scripts/startSubgraph.js', 'pricing'];
  // What production needs (docs/deployment.md): the gateway's own public identity key (not the demo one), no demo world.
  const env = { PRICING_PORT: '0', HOST: '127.0.0.1', IDENTITY_PUBLIC_KEY: generateIdentityKeyPair().publicJwk, DEMO_DATA: 'false', LOG_LEVEL: 'warn' };
  const layouts: string[] = [];
  const pgUrl = process.env.TEST_DATABASE_URL;
  // .ci/run runs the suites twice, without and with TEST_DATABASE_URL: PGlite in the first, the server in the second.
  const onPglite = pgUrl ? test.skip : test;
  afterAll(() => {
    for (const app of layouts) rmSync(dirname(app), { recursive: true, force: true });
  });

  onPglite('When the image runs a subgraph on the embedded database, then it starts as node and answers from its database', async () => {
    expect(runStage).toMatch(/^USER node$/m);
    const app = layOutImage(true);
    layouts.push(app);
    const { child, url, output } = await startAsNode(app, command, env);
    try {
      const answer = await priceLookup(url);
      expect([answer.status, answer.body]).toEqual([200, { data: { product: null } }]);
      expect(output()).not.toMatch(/EACCES|EROFS/);
    } finally {
      await stop(child);
    }
  }, 120_000);

  onPglite('When the image was built without the template step (or node_modules is read-only), then the subgraph still starts: the template goes to the temporary folder', async () => {
    const app = layOutImage(false);
    layouts.push(app);
    const temp = join(dirname(app), 'tmp');
    mkdirSync(temp);
    execFileSync('chown', [`${NODE_UID}:${NODE_UID}`, temp]);
    const { child, url } = await startAsNode(app, command, { ...env, TMPDIR: temp });
    try {
      expect((await priceLookup(url)).body).toEqual({ data: { product: null } });
      expect(existsSync(join(app, 'node_modules', '.cache'))).toBe(false);
      expect(readdirSync(temp).flatMap((dir) => readdirSync(join(temp, dir)))).toEqual([expect.stringMatching(/^pglite-.+-template\.tar$/)]);
    } finally {
      await stop(child);
    }
  }, 120_000);

  (pgUrl ? test : test.skip)('When the image runs a subgraph on PostgreSQL (TEST_DATABASE_URL), then it starts as node and answers from the server', async () => {
    const app = layOutImage(true);
    layouts.push(app);
    const schema = `t_image_${randomBytes(4).toString('hex')}`;
    const { child, url } = await startAsNode(app, command, { ...env, DATABASE_URL: pgUrl!, PRICING_DATABASE_SCHEMA: schema });
    try {
      expect((await priceLookup(url)).body).toEqual({ data: { product: null } });
    } finally {
      await stop(child);
      await dropSchema(pgUrl!, schema);
    }
  }, 120_000);
});
