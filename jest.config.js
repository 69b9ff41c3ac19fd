/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/common', '<rootDir>/gateway', '<rootDir>/subgraphs', '<rootDir>/test', '<rootDir>/tools', '<rootDir>/mcp', '<rootDir>/hold', '<rootDir>/console'],
  testMatch: ['**/__tests__/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
  // Browser tests drive chromium against the whole graph: `npm run test:browser` runs them.
  testPathIgnorePatterns: process.env.BROWSER_TESTS ? ['/node_modules/'] : ['/node_modules/', '<rootDir>/test/browser/'],
  // isolatedModules (tsconfig.json): ts-jest transpiles each file on its own instead of type-checking the program
  // in every worker, which halved a cold test file's time; `tsc --noEmit` type-checks in CI.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }] },
  // Generous: each graph test starts four databases and a gateway, and CI machines have two cores.
  testTimeout: 90000,
  // Demo mode for the tests (the demo secrets and keys): set here, explicitly, never implied by NODE_ENV=test.
  setupFiles: ['<rootDir>/test/setup/demoMode.ts'],
};
