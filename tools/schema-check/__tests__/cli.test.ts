import { execFile, execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, type Io } from '../cli';
import { baseFromGit } from '../gitBase';
import { BASE_DIR, fixtureSchema } from './support/fixtureSchema';

/** The command line: exit codes, formats, git bases. */

const PROJECT = join(__dirname, '..', '..', '..');
const BIN = join(PROJECT, 'bin', 'schema-check.js');
const BASE_SUPERGRAPH = join(BASE_DIR, 'supergraph.graphql');

function runBin(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: PROJECT, env: { ...process.env, ORDERS_URL: '', SUPPORT_URL: '', PRICING_URL: '', NOTIFICATIONS_URL: '' } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

function captureIo(env: NodeJS.ProcessEnv = {}): Io & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    env,
    cwd: PROJECT,
    stdout: (text: string) => void (io.out += text),
    stderr: (text: string) => void (io.err += text),
  };
  return io;
}

describe('schema-check command line', () => {
  it('When the bin checks the project against its committed supergraph file, then it prints the steps and exits 0', async () => {
    const result = await runBin(['check', '--base-file', 'schema/supergraph.graphql']);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Schema check against schema/supergraph.graphql');
    expect(result.stdout).toContain('  drift       skipped  skipped (no subgraph URLs)');
    expect(result.stdout).toContain('Schema check PASSED');
  });

  it('When the bin finds a mistake, then it exits 1 and --format json lists the failing finding', async () => {
    const schema = fixtureSchema('removed-field-used');
    try {
      const result = await runBin(['check', '--schema-dir', schema.schemaDir, '--base-file', BASE_SUPERGRAPH, '--format', 'json']);

      expect(result.code).toBe(1);
      const report = JSON.parse(result.stdout);
      expect(report.ok).toBe(false);
      expect(report.findings.map((f: { code: string }) => f.code)).toEqual(['FIELD_REMOVED', 'INVALID_OPERATION']);
    } finally {
      schema.cleanup();
    }
  });

  it('When the bin is called wrongly, then it exits 2 and says what is wrong', async () => {
    const result = await runBin(['check', '--format', 'xml']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('schema-check: --format must be one of text, json, github, not "xml"');
  });

  it.each([
    [[], 'schema-check: missing command "check"'],
    [['verify'], 'schema-check: unknown command "verify"'],
    [['check', '--colour'], "schema-check: Unknown option '--colour'"],
    [['check', '--base', 'HEAD', '--base-file', 'x.graphql'], 'schema-check: give --base or --base-file, not both'],
    [['check', '--subgraph', 'orders'], 'schema-check: --subgraph "orders" must look like orders=http://localhost:4001/graphql'],
    [['check', '--subgraph', 'billing=http://localhost:4009/graphql'], 'schema-check: --subgraph billing: unknown subgraph (known: orders, support, pricing, notifications)'],
    [['check', '--base-file', 'schema/supergraph.graphql', '--allow-breaking', ' '], 'schema-check: --allow-breaking needs a reason'],
    [['check', '--base-file', 'missing.graphql'], 'schema-check: --base-file missing.graphql: ENOENT'],
  ])('When called with %j, then it exits 2 with a clear message', async (args, message) => {
    const io = captureIo();

    const code = await main(args, io);

    expect(code).toBe(2);
    expect(io.err).toContain(message);
  });

  it('When --allow-breaking is given for an intended break, then it exits 0 and the text report prints the reason', async () => {
    const schema = fixtureSchema('output-made-nullable');
    const io = captureIo();
    try {
      const reason = 'Imported orders have no total; clients handle null since 2.3';
      const code = await main(['check', '--schema-dir', schema.schemaDir, '--base-file', BASE_SUPERGRAPH, '--allow-breaking', reason], io);

      expect(code).toBe(0);
      expect(io.out).toContain(`Breaking changes acknowledged with --allow-breaking: "${reason}" (covers Order.total).`);
      expect(io.out).toContain("  breaking   Field 'Order.total' changed type from 'Money!' to 'Money'  [used by ShopAccountOrders, ShopOrderPage]");
    } finally {
      schema.cleanup();
    }
  });

  it('When --format github is used in Actions, then findings become annotations and the Markdown summary is appended', async () => {
    const schema = fixtureSchema('removed-field-used');
    const summary = join(schema.schemaDir, 'step-summary.md');
    writeFileSync(summary, '');
    const io = captureIo({ GITHUB_STEP_SUMMARY: summary });
    try {
      const code = await main(['check', '--schema-dir', schema.schemaDir, '--base-file', BASE_SUPERGRAPH, '--format', 'github'], io);

      expect(code).toBe(1);
      expect(io.out.split('\n')).toContain(
        '::error file=schema/operations/shop/accountOrders.graphql,line=7,col=5,title=schema-check operations%3A INVALID_OPERATION::ShopAccountOrders: Cannot query field "phone" on type "Customer".%0AFix: Keep the schema compatible (add the new shape, deprecate the old one) or update this operation and the client that sends it.',
      );
      const markdown = readFileSync(summary, 'utf8');
      expect(markdown).toContain('## Schema check failed');
      expect(markdown).toContain('| operations | ❌ failed | 5 operations in 5 files, 1 invalid |');
      expect(markdown).toContain(
        "| breaking | Field 'phone' was removed from object type 'Customer' | ShopAccountOrders (`schema/operations/shop/accountOrders.graphql:7`) |",
      );
    } finally {
      schema.cleanup();
    }
  });
});

describe('schema-check base from git', () => {
  let repo: string;
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=Schema Check', '-c', 'user.email=schema-check@example.com', ...args], { cwd: repo, stdio: 'pipe', encoding: 'utf8' });

  beforeEach(() => {
    repo = mkdtempSync(join(tmpdir(), 'schema-check-git-'));
    cpSync(BASE_DIR, join(repo, 'schema'), { recursive: true });
    git('init', '-q');
  });

  afterEach(() => rmSync(repo, { recursive: true, force: true }));

  it('When the ref has the committed supergraph, then it is the base, labelled with the ref and path', () => {
    git('add', '.');
    git('commit', '-qm', 'schema');

    const base = baseFromGit(join(repo, 'schema'), 'HEAD');

    expect(base).toEqual({ kind: 'sdl', label: 'HEAD:schema/supergraph.graphql', sdl: readFileSync(BASE_SUPERGRAPH, 'utf8') });
  });

  it('When the ref has no supergraph (a first commit), then the diff is skipped with that reason and the check still runs', async () => {
    git('add', 'schema/orders.graphql');
    git('commit', '-qm', 'first');
    const io = captureIo();

    const code = await main(['check', '--schema-dir', join(repo, 'schema'), '--base', 'HEAD'], io);

    expect(code).toBe(0);
    expect(io.out).toContain('  diff        skipped  skipped (schema/supergraph.graphql does not exist at HEAD, so there is nothing to diff against)');
  });

  it('When the ref does not exist, then it is a usage error that mentions shallow clones', async () => {
    git('add', '.');
    git('commit', '-qm', 'only commit');
    const io = captureIo();

    const code = await main(['check', '--schema-dir', join(repo, 'schema'), '--base', 'HEAD~1'], io);

    expect(code).toBe(2);
    expect(io.err).toContain('schema-check: --base HEAD~1: no such git revision. In a shallow clone fetch more history (git fetch --deepen=1), or pass --base-file.');
  });
});
