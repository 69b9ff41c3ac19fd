import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CUSTOMER_DIRECTORY_OPERATIONS } from '../../../common/customerDirectoryContract';
import { createIdentityVerifier, verifyIdentity } from '../../../common/identity';
import { peerPublicKeysFrom, peerSigningKeyFrom } from '../../../common/peerOperations';
import { httpCustomerDirectory } from '../customerDirectory';

interface Received {
  query: string;
  variables: Record<string, unknown>;
  headers: http.IncomingHttpHeaders;
}

/** Answers the directory's query the way the Orders subgraph would, from a tiny in-memory book. */
function fakeOrders(customers: Record<string, string[]>, received: Received[]) {
  return http.createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      const { query, variables } = JSON.parse(text) as { query: string; variables: { id: string; number?: string } };
      received.push({ query, variables, headers: req.headers });
      const owner = Object.keys(customers).find((id) => customers[id].includes(variables.number ?? ''));
      const data: Record<string, unknown> = { customer: customers[variables.id] ? { id: variables.id } : null };
      if (query.includes('order(')) data.order = owner ? { customer: { id: owner } } : null;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ data }));
    });
  });
}

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
}

describe('httpCustomerDirectory', () => {
  const received: Received[] = [];
  const server = fakeOrders({ 'CUS-000004': ['271828182'], 'CUS-000001': ['123456789'] }, received);
  let url: string;
  beforeAll(async () => {
    url = await listen(server);
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test("When the customer exists and the order is theirs, then both are confirmed, the trace reaches Orders, and the call carries Support's own identity addressed to Orders", async () => {
    const directory = httpCustomerDirectory(url, { identityKey: peerSigningKeyFrom({ DEMO_MODE: 'true' }, 'support') });

    const check = await directory.check('CUS-000004', '271828182', { 'x-request-id': 'req-42' });

    expect(check).toEqual({ customerExists: true, orderBelongsToCustomer: true });
    const last = received.at(-1)!;
    expect(last.variables).toEqual({ id: 'CUS-000004', number: '271828182' });
    expect(last.headers['x-request-id']).toBe('req-42');
    expect(last.headers['content-type']).toBe('application/json');
    const orders = createIdentityVerifier('orders', [], { support: peerPublicKeysFrom({ DEMO_MODE: 'true' }, 'support') });
    expect(await verifyIdentity(last.headers['x-identity'] as string, orders)).toMatchObject({ role: 'service', subject: 'support', peer: 'support' });
    expect(CUSTOMER_DIRECTORY_OPERATIONS).toContain(last.query);
  });

  test("When the order is another customer's or unknown, then it is reported as not the customer's", async () => {
    const directory = httpCustomerDirectory(url);

    expect(await directory.check('CUS-000004', '123456789')).toEqual({ customerExists: true, orderBelongsToCustomer: false });
    expect(await directory.check('CUS-000004', '000000000')).toEqual({ customerExists: true, orderBelongsToCustomer: false });
  });

  test('When no order number is given, then only the customer is asked about', async () => {
    const directory = httpCustomerDirectory(url);

    const check = await directory.check('CUS-999999');

    expect(check).toEqual({ customerExists: false });
    expect(received.at(-1)!.query).not.toContain('order(');
    expect(received.at(-1)!.variables).toEqual({ id: 'CUS-999999' });
  });

  test('When nothing listens at the Orders address, then the check fails with SUBGRAPH_UNAVAILABLE', async () => {
    const closed = http.createServer();
    const deadUrl = await listen(closed);
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const attempt = httpCustomerDirectory(deadUrl).check('CUS-000004');

    await expect(attempt).rejects.toMatchObject({ extensions: { code: 'SUBGRAPH_UNAVAILABLE' } });
  });

  test('When Orders answers with a server error, then the check fails with SUBGRAPH_UNAVAILABLE', async () => {
    const broken = http.createServer((_req, res) => {
      res.statusCode = 503;
      res.end('down for maintenance');
    });
    const brokenUrl = await listen(broken);
    try {
      const attempt = httpCustomerDirectory(brokenUrl).check('CUS-000004', '271828182');

      await expect(attempt).rejects.toMatchObject({ extensions: { code: 'SUBGRAPH_UNAVAILABLE' } });
    } finally {
      await new Promise<void>((resolve) => broken.close(() => resolve()));
    }
  });
});
