import { loadGatewayConfig } from '../../config';

test('the entity cache is on (auto) by default, for every cacheable type of the contract', () => {
  expect(loadGatewayConfig({ NODE_ENV: 'test', DEMO_MODE: 'true' }).entityCache).toMatchObject({ mode: 'auto', types: ['Customer', 'Order', 'SupportCase', 'Notification', 'Product'] });
});

test('ENTITY_CACHE switches it globally and ENTITY_CACHE_TYPES per type', () => {
  expect(loadGatewayConfig({ NODE_ENV: 'test', DEMO_MODE: 'true', ENTITY_CACHE: 'off' }).entityCache.mode).toBe('off');
  expect(loadGatewayConfig({ NODE_ENV: 'test', DEMO_MODE: 'true', ENTITY_CACHE_TYPES: 'Product,Order' }).entityCache.types).toEqual(['Product', 'Order']);
});

test('a type the contract cannot keep fresh is refused by name', () => {
  expect(() => loadGatewayConfig({ NODE_ENV: 'test', DEMO_MODE: 'true', ENTITY_CACHE_TYPES: 'Product,Warranty' })).toThrow(/ENTITY_CACHE_TYPES: Warranty not cacheable/);
});
