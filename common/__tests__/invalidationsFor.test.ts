import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildASTSchema, isObjectType, parse } from 'graphql';
import { CLOCK_FIELDS, UNCACHEABLE_FIELDS } from '../entityCacheContract';
import { EventType } from '../eventContracts';
import type { DomainEvent } from '../events';
import { invalidationsFor, InvalidationKeyMissing, typesInvalidatedBy } from '../invalidationsFor';

function event(type: string, payload: Record<string, unknown>): DomainEvent {
  return { id: `evt-${type}`, type, source: 'test', occurredAt: '2026-12-07T10:00:00.000Z', payload };
}

describe('invalidationsFor', () => {
  test.each([
    [
      EventType.OrderCancelled,
      { orderNumber: 'O-1001', customerId: 'c-1', reason: 'CUSTOMER_REQUEST', message: 'm', cancelledAt: 't' },
      [
        { typename: 'Order', key: { number: 'O-1001' } },
        { typename: 'Customer', key: { id: 'c-1' } },
      ],
    ],
    [
      EventType.ReturnRequested,
      { returnId: 'RET-1', orderNumber: 'O-1002', customerId: 'c-2', sku: 'LAPTOP', resolution: 'REFUND', trackingNumber: '1Z', shippingLabelUrl: 'u', requestedAt: 't' },
      [
        { typename: 'Order', key: { number: 'O-1002' } },
        { typename: 'Customer', key: { id: 'c-2' } },
      ],
    ],
    [
      EventType.SupportCaseOpened,
      { caseNumber: 'CASE-7', customerId: 'c-3', orderNumber: 'O-1003', openedAt: 't' },
      [
        { typename: 'SupportCase', key: { number: 'CASE-7' } },
        { typename: 'Customer', key: { id: 'c-3' } },
        { typename: 'Order', key: { number: 'O-1003' } },
      ],
    ],
    [
      EventType.CaseInteractionAdded,
      { caseNumber: 'CASE-8', customerId: 'c-4', orderNumber: null, at: 't' },
      [
        { typename: 'SupportCase', key: { number: 'CASE-8' } },
        { typename: 'Customer', key: { id: 'c-4' } },
      ],
    ],
    [
      EventType.NotificationSent,
      { notificationId: 'n-9', customerId: 'c-5', orderNumber: 'O-1005', caseNumber: null, sentAt: 't' },
      [
        { typename: 'Notification', key: { id: 'n-9' } },
        { typename: 'Customer', key: { id: 'c-5' } },
        { typename: 'Order', key: { number: 'O-1005' } },
      ],
    ],
    [EventType.PriceChanged, { sku: 'CERAMIC-TEAPOT', regularPrice: '31.50', currency: 'USD', changedAt: 't' }, [{ typename: 'Product', key: { sku: 'CERAMIC-TEAPOT' } }]],
  ])('When a %s event arrives, then it invalidates exactly the entities its payload names', (type, payload, expected) => {
    expect(invalidationsFor(event(type, payload))).toEqual(expected);
  });

  test('When a case is about no order, then no Order is invalidated, and no key is made up for it', () => {
    const found = invalidationsFor(event(EventType.SupportCaseOpened, { caseNumber: 'CASE-1', customerId: 'c-1', orderNumber: null, openedAt: 't' }));

    expect(found.map((i) => i.typename)).toEqual(['SupportCase', 'Customer']);
  });

  test('When an event type is not in the contract, then it invalidates nothing', () => {
    expect(invalidationsFor(event('WarehouseRestocked', { sku: 'CERAMIC-TEAPOT' }))).toEqual([]);
    expect(typesInvalidatedBy('WarehouseRestocked')).toEqual([]);
  });

  test('When a required key is missing from the payload, then it says which types it cannot pin down instead of invalidating nothing', () => {
    const broken = event(EventType.OrderCancelled, { orderNumber: 'O-1001', reason: 'CUSTOMER_REQUEST' });

    expect(() => invalidationsFor(broken)).toThrow(InvalidationKeyMissing);
    try {
      invalidationsFor(broken);
    } catch (error) {
      expect((error as InvalidationKeyMissing).typenames).toEqual(['Order', 'Customer']);
      expect((error as Error).message).toBe('OrderCancelled event evt-OrderCancelled has no customerId in its payload: cannot tell which Order, Customer changed');
    }
  });

  test('When a required key is null or not text, then it is refused too (only optional keys may be null)', () => {
    expect(() => invalidationsFor(event(EventType.PriceChanged, { sku: null }))).toThrow(InvalidationKeyMissing);
    expect(() => invalidationsFor(event(EventType.PriceChanged, { sku: 42 }))).toThrow(InvalidationKeyMissing);
  });

  test('When a type name like toString is given, then it is not mistaken for a contract entry', () => {
    expect(invalidationsFor(event('toString', {}))).toEqual([]);
  });
});

describe('the entity cache contract against the graph', () => {
  const supergraph = buildASTSchema(parse(readFileSync(join(__dirname, '..', '..', 'schema', 'supergraph.graphql'), 'utf8')), {
    assumeValidSDL: true,
  });

  test.each(Object.keys(UNCACHEABLE_FIELDS))('When %s is declared uncacheable, then the graph serves that field (a rename would silently cache it)', (coordinate) => {
    const [typeName, fieldName] = coordinate.split('.');
    const type = supergraph.getType(typeName);

    expect(isObjectType(type) && type.getFields()[fieldName] !== undefined).toBe(true);
  });

  test.each(Object.keys(CLOCK_FIELDS))('When %s is declared to change with the clock, then the graph serves that field (a rename would cache it with no expiry)', (coordinate) => {
    const [typeName, fieldName] = coordinate.split('.');
    const type = supergraph.getType(typeName);

    expect(isObjectType(type) && type.getFields()[fieldName] !== undefined).toBe(true);
  });
});
