/**
 * The test runner's own set-up (jest.config.js setupFiles): the tests run the graph in demo mode, on
 * the published demo secrets and keys, as `npm start` does. Nothing else implies demo mode (NODE_ENV=test
 * does not): a test that wants a production-like process passes its own environment, DEMO_MODE unset.
 */
process.env.DEMO_MODE ??= 'true';
