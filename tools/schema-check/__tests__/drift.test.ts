import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCheck } from '../check';
import { BASE_DIR, errorsOf, FIXTURES, fixtureBase, fixtureSchema, type FixtureSchema } from './support/fixtureSchema';
import { serveSubgraph, type ServedSubgraph } from './support/servedSubgraph';

/** Step 2: a running subgraph must serve exactly the SDL checked in for it. */

describe('schema check against running subgraphs', () => {
  let schema: FixtureSchema;
  let orders: ServedSubgraph;
  let support: ServedSubgraph;

  beforeAll(async () => {
    schema = fixtureSchema();
    orders = await serveSubgraph(readFileSync(join(BASE_DIR, 'orders.graphql'), 'utf8'));
    // A support deploy built from an older SDL that still lacks SupportCase.channel.
    support = await serveSubgraph(readFileSync(join(FIXTURES, 'served-drift', 'support.graphql'), 'utf8'));
  });

  afterAll(async () => {
    await orders.close();
    await support.close();
    schema.cleanup();
  });

  it('When one subgraph serves its file and another a drifted SDL, then only the drifted one fails, naming the difference', async () => {
    const report = await runCheck({ schemaDir: schema.schemaDir, base: fixtureBase(), subgraphUrls: { orders: orders.url, support: support.url } });

    expect(report.ok).toBe(false);
    expect(report.steps.find((s) => s.step === 'drift')).toEqual({
      step: 'drift',
      status: 'failed',
      summary: '2 running subgraphs compared: 1 drifted, 0 unreachable; not checked (no URL): pricing, notifications',
    });
    expect(errorsOf(report)).toEqual([
      {
        step: 'drift',
        severity: 'error',
        code: 'SUBGRAPH_SDL_DRIFT',
        message: `[support] the subgraph at ${support.url} serves an SDL that differs from schema/support.graphql (from the file to what it serves: Field 'channel' was removed from object type 'SupportCase').`,
        subgraphs: ['support'],
        fix: 'Deploy support from the commit whose schema/support.graphql it should serve, or commit the SDL it serves to schema/support.graphql.',
        location: { file: 'schema/support.graphql', line: 1, column: 1 },
      },
    ]);
  });

  it('When a subgraph serves its SDL with other comments and blank lines, then that is not drift', async () => {
    const reformatted = readFileSync(join(BASE_DIR, 'pricing.graphql'), 'utf8').replace(/^#.*$/gm, '').replace(/\n/g, '\n\n');
    const pricing = await serveSubgraph(reformatted);
    try {
      const report = await runCheck({ schemaDir: schema.schemaDir, base: fixtureBase(), subgraphUrls: { pricing: pricing.url } });

      expect(report.findings.filter((f) => f.step === 'drift')).toEqual([]);
      expect(report.steps.find((s) => s.step === 'drift')?.status).toBe('passed');
    } finally {
      await pricing.close();
    }
  });

  it('When a subgraph URL does not answer, then the check fails naming the subgraph, the URL and how to pass another', async () => {
    const gone = await serveSubgraph(readFileSync(join(BASE_DIR, 'notifications.graphql'), 'utf8'));
    await gone.close();

    const report = await runCheck({ schemaDir: schema.schemaDir, base: fixtureBase(), subgraphUrls: { notifications: gone.url } });

    expect(errorsOf(report)).toEqual([
      {
        step: 'drift',
        severity: 'error',
        code: 'SUBGRAPH_UNREACHABLE',
        message: `[notifications] cannot read _service { sdl } from ${gone.url}: fetch failed (ECONNREFUSED)`,
        subgraphs: ['notifications'],
        fix: 'Start notifications, or pass its URL with --subgraph notifications=<url> (or NOTIFICATIONS_URL).',
      },
    ]);
  });

  it('When no subgraph URL is given, then the drift step is skipped and says why', async () => {
    const report = await runCheck({ schemaDir: schema.schemaDir, base: fixtureBase() });

    expect(report.steps.find((s) => s.step === 'drift')).toEqual({ step: 'drift', status: 'skipped', summary: 'skipped (no subgraph URLs)' });
    expect(report.ok).toBe(true);
  });
});
