import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMA_DIR } from '../../../common/composition';
import { runCheck } from '../check';
import { PROJECT_EVENT_CONTRACT, type EventContract } from '../eventCoverage';
import { main } from '../cli';
import { errorsOf, fixtureBase, fixtureSchema } from './support/fixtureSchema';

/** The events step: a cacheable entity that a mutation can change without an invalidating event fails the check. */

async function checkFixture(fixture: string | undefined, eventContract?: EventContract) {
  const schema = fixtureSchema(fixture);
  try {
    return await runCheck({ schemaDir: schema.schemaDir, base: fixtureBase(), eventContract });
  } finally {
    schema.cleanup();
  }
}

/** The project's contract with one event's invalidations replaced. */
function withInvalidations(event: keyof typeof PROJECT_EVENT_CONTRACT.events, invalidates: EventContract['events'][string]['invalidates']): EventContract {
  const events = { ...PROJECT_EVENT_CONTRACT.events, [event]: { ...PROJECT_EVENT_CONTRACT.events[event], invalidates } };
  return { ...PROJECT_EVENT_CONTRACT, events };
}

const eventsStep = (report: Awaited<ReturnType<typeof runCheck>>) => report.steps.find((s) => s.step === 'events');

describe('schema check: every change to a cacheable entity is announced by an invalidating event', () => {
  it("When the project's own schema and contract are checked, then the events step passes", async () => {
    const base = { kind: 'sdl' as const, label: 'schema/supergraph.graphql', sdl: readFileSync(join(SCHEMA_DIR, 'supergraph.graphql'), 'utf8') };

    const report = await runCheck({ schemaDir: SCHEMA_DIR, base });

    expect(report.findings.filter((f) => f.step === 'events')).toEqual([]);
    expect(eventsStep(report)).toEqual({ step: 'events', status: 'passed', summary: '5 cacheable types, 5 mutations checked for invalidating events' });
  });

  it('When Orders adds a mutation that records no event, then the check fails at the mutation with the fix', async () => {
    const report = await checkFixture('uncovered-mutation');

    expect(report.ok).toBe(false);
    expect(eventsStep(report)?.status).toBe('failed');
    expect(errorsOf(report)).toEqual([
      {
        step: 'events',
        severity: 'error',
        code: 'MUTATION_WITHOUT_EVENTS',
        message: '[orders] Mutation.renameCustomer is not in the events contract: it could change a cached entity and no cache would hear of it.',
        subgraphs: ['orders'],
        coordinate: 'Mutation.renameCustomer',
        location: { file: 'schema/orders.graphql', line: 43, column: 3 },
        fix: "Record a domain event in the mutation's transaction (common/outbox/recordEvent.ts) and list it under MUTATION_EVENTS.orders.renameCustomer in common/entityCacheContract.ts (MUTATION_EVENTS) and common/eventContracts.ts (EVENT_INVALIDATIONS), with the entities it invalidates.",
      },
    ]);
  });

  it('When the mutation is listed but its events invalidate nothing of the Customer it returns, then the check still fails', async () => {
    const mutations = { ...PROJECT_EVENT_CONTRACT.mutations, orders: { ...PROJECT_EVENT_CONTRACT.mutations.orders, renameCustomer: { emits: [] } } };

    const report = await checkFixture('uncovered-mutation', { ...PROJECT_EVENT_CONTRACT, mutations });

    expect(errorsOf(report).map((f) => [f.code, f.message])).toEqual([
      ['MUTATION_NOT_INVALIDATING', '[orders] Mutation.renameCustomer changes the cacheable Customer (it returns Customer), but it records no event: a cached Customer would stay stale.'],
    ]);
  });

  it('When OrderCancelled stops invalidating the customer that cancelOrder declares it changes, then cancelOrder fails the check', async () => {
    const report = await checkFixture(undefined, withInvalidations('OrderCancelled', [{ typename: 'Order', key: { number: 'orderNumber' } }]));

    expect(errorsOf(report).map((f) => [f.code, f.coordinate, f.message])).toEqual([
      [
        'MUTATION_NOT_INVALIDATING',
        'Mutation.cancelOrder',
        '[orders] Mutation.cancelOrder changes the cacheable Customer (the contract says it changes Customer), but OrderCancelled invalidates no Customer: a cached Customer would stay stale.',
      ],
    ]);
  });

  it('When ReturnRequested stops invalidating the order, then requestReturn fails: it returns a Return, whose order is a cacheable Order', async () => {
    const report = await checkFixture(undefined, withInvalidations('ReturnRequested', [{ typename: 'Customer', key: { id: 'customerId' } }]));

    expect(errorsOf(report).map((f) => [f.code, f.message])).toEqual([
      [
        'MUTATION_NOT_INVALIDATING',
        '[orders] Mutation.requestReturn changes the cacheable Order (it returns Return, whose field order holds Order), but ReturnRequested invalidates no Order: a cached Order would stay stale.',
      ],
    ]);
  });

  it("When a mutation records another owner's event, or one the contract does not know, then it fails", async () => {
    const mutations = {
      ...PROJECT_EVENT_CONTRACT.mutations,
      pricing: { setProductPrice: { emits: ['OrderCancelled' as const] } },
      support: { ...PROJECT_EVENT_CONTRACT.mutations.support, addCaseInteraction: { emits: ['CaseNoted' as never], changes: ['Customer', 'Order'] } },
    };

    const report = await checkFixture(undefined, { ...PROJECT_EVENT_CONTRACT, mutations });

    expect(errorsOf(report).map((f) => [f.code, f.coordinate])).toEqual([
      ['EVENT_NOT_IN_CONTRACT', 'Mutation.addCaseInteraction'],
      ['MUTATION_NOT_INVALIDATING', 'Mutation.addCaseInteraction'],
      ['MUTATION_NOT_INVALIDATING', 'Mutation.addCaseInteraction'],
      ['MUTATION_NOT_INVALIDATING', 'Mutation.addCaseInteraction'],
      ['EVENT_OF_ANOTHER_OWNER', 'Mutation.setProductPrice'],
      ['MUTATION_NOT_INVALIDATING', 'Mutation.setProductPrice'],
    ]);
  });

  it('When an invalidation or a cacheable type does not match the entity\'s @key, then the check fails (a cache could not find the entry)', async () => {
    const contract = withInvalidations('PriceChanged', [{ typename: 'Product', key: { id: 'sku' } }]);
    const cacheable = { ...contract.cacheable, Order: { key: ['id'], owner: 'orders' as const } };

    const report = await checkFixture(undefined, { ...contract, cacheable });

    expect(errorsOf(report).map((f) => [f.code, f.message])).toEqual(
      expect.arrayContaining([
        ['CACHEABLE_TYPE_WITHOUT_KEY', '[orders] Order is cacheable by (id), but its owner orders has no resolvable @key on exactly these fields.'],
        ['INVALIDATION_KEY_MISMATCH', 'PriceChanged invalidates Product by (id), but Product is cached by (sku).'],
      ]),
    );
  });

  it('When the command line checks a schema with an uncovered mutation, then it exits 1', async () => {
    const schema = fixtureSchema('uncovered-mutation');
    let out = '';
    try {
      const io = { env: {}, cwd: join(__dirname, '..', '..', '..'), stdout: (t: string) => void (out += t), stderr: (t: string) => void (out += t) };

      const code = await main(['check', '--schema-dir', schema.schemaDir, '--base-file', join(__dirname, 'fixtures', 'base', 'supergraph.graphql')], io);

      expect(code).toBe(1);
      expect(out).toContain('events      failed');
      expect(out).toContain('events MUTATION_WITHOUT_EVENTS');
    } finally {
      schema.cleanup();
    }
  });
});
