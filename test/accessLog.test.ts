import { STORY } from '../demo/stories';
import { startTestGraph, type TestGraph } from './support/graph';

/**
 * The access log is complete: every kind of customer-owned record an agent reads through the
 * gateway — account, order, support case with its interactions, notification — by any path, appears
 * in the log the customer reads (each subgraph's own field on Customer).
 */
let graph: TestGraph;
let agent: Record<string, string>;
const as = async (customerId: string) => ({ authorization: `Bearer ${await graph.token('customer', customerId)}` });

beforeAll(async () => {
  graph = await startTestGraph({ customers: 5 });
  agent = { authorization: `Bearer ${await graph.token('agent', 'agent-ivy')}` };
});
afterAll(() => graph?.stop());

const LOG_FIELDS = '{ actor role operation record via at }';

async function logOf(customerId: string) {
  const result = await graph.query(
    `{ customer(id: "${customerId}") { accessLog(last: 100) ${LOG_FIELDS} supportAccessLog(last: 100) ${LOG_FIELDS} notificationAccessLog(last: 100) ${LOG_FIELDS} } }`,
    undefined,
    await as(customerId),
  );
  expect(result.errors).toBeUndefined();
  return result.data.customer as Record<'accessLog' | 'supportAccessLog' | 'notificationAccessLog', Array<Record<string, string | null>>>;
}

/** The entries of one operation, as `record` names, in whichever field they are. */
const readsBy = (entries: Array<Record<string, string | null>>, operation: string) =>
  entries.filter((e) => e.operation === operation).map((e) => `${e.actor}/${e.role}/${e.record}/${e.via}`).sort();

describe('the access log the customer reads', () => {
  test('When an agent reads a support case and its interactions, by its number or through the customer, then both reads are in the customer\'s supportAccessLog', async () => {
    const byNumber = await graph.query(`query CaseByNumber { supportCase(number: "${STORY.chris.case}") { subject interactions { summary } } }`, undefined, agent);
    expect(byNumber.data.supportCase.interactions.length).toBeGreaterThan(0);
    const throughCustomer = await graph.query(
      `query CasesOfChris { customer(id: "${STORY.chris.id}") { name supportCases { interactions { summary } } } }`,
      undefined,
      agent,
    );
    expect(throughCustomer.errors).toBeUndefined();

    const log = await logOf(STORY.chris.id);
    expect(readsBy(log.supportAccessLog, 'CaseByNumber')).toEqual(['agent-ivy/agent/SupportCase/null']);
    expect(readsBy(log.supportAccessLog, 'CasesOfChris')).toEqual(['agent-ivy/agent/SupportCase/null']);
    // The account itself is Orders' record: in Orders' log.
    expect(readsBy(log.accessLog, 'CasesOfChris')).toEqual(['agent-ivy/agent/Customer/null']);
  });

  test('When an agent reads an order and a customer\'s notifications, by root field and through the customer, then each read is in the log of the subgraph that holds it', async () => {
    const list = await graph.query(`query NotesOfErin { customer(id: "${STORY.erin.id}") { notifications { id subject } } }`, undefined, agent);
    const [first] = list.data.customer.notifications;
    expect(first.subject).toEqual(expect.any(String));
    const one = await graph.query(`query OneNote($id: ID!) { notification(id: $id) { body } }`, { id: first.id }, agent);
    expect(one.errors).toBeUndefined();
    const order = await graph.query(`query ErinsOrder { order(number: "${STORY.erin.order}") { status } }`, undefined, agent);
    expect(order.errors).toBeUndefined();

    const log = await logOf(STORY.erin.id);
    expect(readsBy(log.notificationAccessLog, 'NotesOfErin')).toEqual(['agent-ivy/agent/Notification/null']);
    expect(readsBy(log.notificationAccessLog, 'OneNote')).toEqual(['agent-ivy/agent/Notification/null']);
    expect(readsBy(log.accessLog, 'ErinsOrder')).toEqual(['agent-ivy/agent/Order/null']);
    expect(readsBy(log.accessLog, 'NotesOfErin')).toEqual(['agent-ivy/agent/Customer/null']);
  });

  test('When the customer reads their own records, then nothing is logged; another customer cannot read the logs', async () => {
    const chris = await as(STORY.chris.id);
    await graph.query(`query MyCase { supportCase(number: "${STORY.chris.case}") { subject } }`, undefined, chris);
    const log = await logOf(STORY.chris.id);
    expect([...log.accessLog, ...log.supportAccessLog, ...log.notificationAccessLog].filter((e) => e.operation === 'MyCase')).toEqual([]);
    const snooping = await graph.query(`{ customer(id: "${STORY.chris.id}") { supportAccessLog { actor } } }`, undefined, await as(STORY.erin.id));
    expect(snooping.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const agentsCannot = await graph.query(`{ customer(id: "${STORY.chris.id}") { notificationAccessLog { actor } } }`, undefined, agent);
    expect(agentsCannot.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
