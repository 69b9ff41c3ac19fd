import { ConfigError } from '../config';
import { loadSubgraphConfig } from '../subgraphConfig';

describe('whether a subgraph writes the demo world', () => {
  test('When nothing asks for demo data outside demo mode, then none is written (production or not)', () => {
    expect(loadSubgraphConfig('orders', { NODE_ENV: 'production' }).demoData).toBe(false);
    expect(loadSubgraphConfig('orders', {}).demoData).toBe(false);
    expect(loadSubgraphConfig('orders', { DEMO_MODE: 'false', NODE_ENV: 'test' }).demoData).toBe(false);
  });

  test('When only NODE_ENV=test is set, then it is not demo mode: no demo world (only the test runner\'s set-up turns demo mode on)', () => {
    expect(loadSubgraphConfig('orders', { NODE_ENV: 'test' }).demoData).toBe(false);
  });

  test('When in demo mode (npm start, tests), then the demo world is written unless DEMO_MODE=false', () => {
    expect(loadSubgraphConfig('orders', { DEMO_MODE: 'true' }).demoData).toBe(true);
    expect(loadSubgraphConfig('orders', { NODE_ENV: 'test', DEMO_MODE: 'true' }).demoData).toBe(true);
    expect(loadSubgraphConfig('orders', { DEMO_MODE: 'true', DEMO_DATA: 'false' }).demoData).toBe(false);
  });

  test('When DEMO_DATA=true is asked for outside demo mode, then it is honoured, except in production, which refuses to start naming the variable', () => {
    expect(loadSubgraphConfig('support', { DEMO_DATA: 'true' }).demoData).toBe(true);
    expect(() => loadSubgraphConfig('support', { NODE_ENV: 'production', DEMO_DATA: 'true' })).toThrow(ConfigError);
    expect(() => loadSubgraphConfig('support', { NODE_ENV: 'production', DEMO_DATA: 'true' })).toThrow(/DEMO_DATA/);
  });
});
