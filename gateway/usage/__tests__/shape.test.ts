import { buildSchema, getOperationAST, parse } from 'graphql';
import { usageClient } from '../client';
import { operationCoordinates } from '../coordinates';
import { operationSignature } from '../signature';

const schema = buildSchema(`
  type Query { customer(id: ID, email: String): Customer search(filter: Filter!, limit: Int): [Customer!]! }
  type Customer { id: ID! name: String email: String tier: Tier orders(status: Status): [Order!]! }
  type Order { number: ID! }
  enum Tier { GOLD SILVER }
  enum Status { OPEN SHIPPED CANCELLED }
  input Filter { name: String tier: Tier near: Place }
  input Place { city: String zip: String }
`);

const coordinatesOf = (text: string) => {
  const document = parse(text);
  return operationCoordinates(schema, document, getOperationAST(document)!);
};
const signatureOf = (text: string) => {
  const document = parse(text);
  return operationSignature(document, getOperationAST(document)!);
};

describe('schema coordinates of an operation', () => {
  test('When an operation selects fields through a fragment and passes literals, then exactly the fields, arguments, input fields and enum values written count', () => {
    const coordinates = coordinatesOf(`query Q { search(filter: { tier: GOLD }) { ...C } } fragment C on Customer { name orders(status: OPEN) { number } }`);

    expect(coordinates).toEqual(
      ['Customer', 'Customer.name', 'Customer.orders', 'Customer.orders.status', 'Filter', 'Filter.tier', 'ID', 'Order', 'Order.number', 'Query', 'Query.search', 'Query.search.filter', 'Status', 'Status.OPEN', 'String', 'Tier', 'Tier.GOLD'].sort(),
    );
    expect(coordinates).not.toContain('Filter.name');
    expect(coordinates).not.toContain('Query.search.limit');
  });

  test('When an input arrives in a variable, then every field of its type and every value of its enums count (the values are never read)', () => {
    const coordinates = coordinatesOf(`query Q($f: Filter!) { search(filter: $f) { id } }`);

    expect(coordinates).toEqual(expect.arrayContaining(['Filter.name', 'Filter.tier', 'Filter.near', 'Place.city', 'Place.zip', 'Tier.GOLD', 'Tier.SILVER']));
  });

  test('When an operation reads an enum field, then all its values count (any may be returned)', () => {
    expect(coordinatesOf(`{ customer(id: "1") { tier } }`)).toEqual(expect.arrayContaining(['Customer.tier', 'Tier.GOLD', 'Tier.SILVER', 'Query.customer.id']));
  });
});

describe('normalized signature', () => {
  test('When two clients send the same shape with other literals, aliases, order and layout, then the signature is the same and holds no literal', () => {
    const one = signatureOf(`query Find { a: customer(email: "ann@example.com", id: "CUS-1") { name email } }`);
    const two = signatureOf(`query Find {
      customer(id: "CUS-9", email: "bob@example.com") { email
        name }
    }`);

    expect(one).toBe(two);
    expect(one).toBe('query Find{customer(email:"" id:""){email name}}');
  });

  test('When a document holds several operations and fragments, then the signature keeps the operation and the fragments it uses', () => {
    const document = parse(`query A { customer(id: "x") { ...N } } query B { customer(id: "y") { ...E } } fragment N on Customer { name } fragment E on Customer { email }`);

    expect(operationSignature(document, getOperationAST(document, 'B')!)).toBe('fragment E on Customer{email}query B{customer(id:""){...E}}');
  });

  test('When numbers, lists, objects and default values are written out, then they are emptied', () => {
    expect(signatureOf(`query S($l: Int = 50) { search(filter: { name: "Ann", near: { zip: "90210" } }, limit: 5) { id } }`)).toBe('query S($l:Int=0){search(filter:{}limit:0){id}}');
  });
});

describe('the client an operation is counted under', () => {
  test('When the apollographql-client headers are sent, then they name the client; otherwise the token names a client, never a person', () => {
    expect(usageClient({ 'apollographql-client-name': 'shop', 'apollographql-client-version': '2.1.0' }, { role: 'customer', subject: 'CUS-1' })).toEqual({ name: 'shop', version: '2.1.0' });
    expect(usageClient({}, { role: 'customer', subject: 'CUS-000002' })).toEqual({ name: 'role:customer', version: 'unknown' });
    expect(usageClient({}, { role: 'agent', subject: 'agent-ann' })).toEqual({ name: 'role:agent', version: 'unknown' });
    expect(usageClient({}, { role: 'customer', subject: 'CUS-000002', actor: 'chat-assistant' })).toEqual({ name: 'bot:chat-assistant', version: 'unknown' });
    expect(usageClient({}, { role: 'service', subject: 'billing' })).toEqual({ name: 'service:billing', version: 'unknown' });
    expect(usageClient({ 'apollographql-client-name': 'x'.repeat(500) }, undefined)).toEqual({ name: 'role:anonymous', version: 'unknown' });
  });
});
