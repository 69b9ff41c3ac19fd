const { availableParallelism } = require('node:os');

/**
 * The end-to-end suites: `npm run test:e2e` runs them, `npm test` the rest (the newcomer's run, under
 * five minutes on two cores), .ci/run both. Each starts whole graphs or processes to check one
 * behaviour over time, under faults or over a corpus, so it costs minutes of graph start-up rather than
 * seconds; docs/testing.md says what runs where. A new suite of that kind goes in one of these folders or
 * is named `*.e2e.test.ts`. Paths from the project root, as regular expressions.
 */
const E2E_SUITES = [
  '.+\\.e2e\\.test\\.ts$',
  'test/live/', // subscriptions end to end: sharing, limits, shutdown, subgraph streams, replicas
  'test/engine/', // the engine against stock Apollo over the corpus on both planners; heap runs in child processes
  'test/scale/', // several processes on PostgreSQL, NATS JetStream and Redis
  'hold/__tests__/', // the short forms of the fuzz, soak, chaos and consistency runs
  'test/entityCache[^/]*\\.test\\.ts$', // replicas, late events, concurrent writers
  'test/image\\.test\\.ts$', // builds dist/ and runs the container image's command as another user
  'test/supergraphReload\\.test\\.ts$', // polls the supergraph file with requests in flight
  'test/supergraphComposedLive\\.test\\.ts$', // composes from the running subgraphs
  'test/subgraphDown\\.test\\.ts$', // waits out a slow subgraph's timeout
  'test/startExamples\\.test\\.ts$', // every example query npm start prints
  'test/startupSecrets\\.test\\.ts$', // starts the gateway and subgraphs as processes, one per case
  'mcp/__tests__/hostileArguments\\.test\\.ts$', // 900 KB and 200,000-deep tool arguments
  'tools/schema-check/__tests__/cli\\.test\\.ts$', // the bin as a process, in scratch git repositories
];
const e2e = `^${__dirname.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/(?:${E2E_SUITES.join('|')})`;

// TEST_SUITES: `quick` (npm test), `e2e` (npm run test:e2e); unset, a jest run naming its files runs whatever it names.
const suites = process.env.TEST_SUITES;
if (suites && suites !== 'quick' && suites !== 'e2e') throw new Error(`TEST_SUITES=${suites}: expected quick or e2e (or unset for every suite)`);
// Browser tests drive chromium against the whole graph: `npm run test:browser` runs them.
const ignored = process.env.BROWSER_TESTS ? ['/node_modules/'] : ['/node_modules/', '<rootDir>/test/browser/'];
if (suites === 'quick') ignored.push(e2e);
if (suites === 'e2e') ignored.push(`^(?!${e2e})`);

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/common', '<rootDir>/gateway', '<rootDir>/subgraphs', '<rootDir>/test', '<rootDir>/tools', '<rootDir>/mcp', '<rootDir>/hold', '<rootDir>/console'],
  testMatch: ['**/__tests__/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
  testPathIgnorePatterns: ignored,
  // At least two workers: jest's default on two cores is one, which leaves a core idle while PGlite
  // (WebAssembly, one thread) starts a suite's databases and the other worker waits on sockets.
  maxWorkers: Math.max(2, availableParallelism() - 1),
  // isolatedModules (tsconfig.json): ts-jest transpiles each file on its own instead of type-checking the program
  // in every worker, which halved a cold test file's time; `tsc --noEmit` type-checks in CI.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }] },
  // Generous: each graph test starts four databases and a gateway, and CI machines have two cores.
  testTimeout: 90000,
  // Demo mode for the tests (the demo secrets and keys): set here, explicitly, never implied by NODE_ENV=test.
  setupFiles: ['<rootDir>/test/setup/demoMode.ts'],
};
