import { MUTATION_EVENTS } from '../../../common/entityCacheContract';
import { InProcessEventBus, type DomainEvent } from '../../../common/events';
import { invalidationsFor } from '../../../common/invalidationsFor';
import { STORY } from '../../../demo/stories';
import { commitFails, CommitFailed, outboxRows } from '../../../test/support/failingCommit';
import { addCaseInteraction } from '../addCaseInteraction';
import { openSupportCase } from '../openSupportCase';
import { postGraphQL } from './support/graphql';
import { launchSupport, rowCounts, type LaunchedSupport } from './support/launch';

const OPEN = `mutation($input: OpenSupportCaseInput!) { openSupportCase(input: $input) { number } }`;
const ADD = `mutation($n: ID!) { addCaseInteraction(caseNumber: $n, channel: PHONE, summary: "Called back about the repair.") { number } }`;

/** Each of Support's writes announces its change once, in its own transaction, naming the entities it changed. */
describe("Support's domain events", () => {
  const bus = new InProcessEventBus();
  const heard: DomainEvent[] = [];
  let support: LaunchedSupport;

  beforeAll(async () => {
    await bus.subscribe('events-test', async (event) => void heard.push(event));
    support = await launchSupport(20, bus);
  }, 60_000);
  afterAll(() => support?.stop());
  beforeEach(() => void (heard.length = 0));

  async function post(query: string, variables: Record<string, unknown>) {
    const answer = await postGraphQL(support.subgraph.url, query, variables);
    await support.subgraph.settle();
    return answer;
  }

  const outbox = () => outboxRows(support.subgraph.db);
  const input = (orderNumber: string | null) => ({
    customerId: STORY.bob.id,
    orderNumber,
    subject: 'Mouse double-clicks',
    channel: 'CHAT' as const,
    summary: 'Every click registers twice.',
  });

  test('When opening a case rolls back, then no case, no interaction and no event remain', async () => {
    const before = { rows: await rowCounts(support.subgraph), outbox: await outbox() };

    await expect(openSupportCase(commitFails(support.subgraph.db), support.directory, input(STORY.bob.deliveredOrder))).rejects.toThrow(CommitFailed);

    expect({ rows: await rowCounts(support.subgraph), outbox: await outbox() }).toEqual(before);
  });

  test('When a case is opened about an order, then one SupportCaseOpened event reaches the bus and invalidates the case, its customer and the order', async () => {
    const before = (await outbox()).length;

    const answer = await post(OPEN, { input: input(STORY.bob.deliveredOrder) });

    expect(answer.errors).toBeUndefined();
    const number = answer.data.openSupportCase.number as string;
    expect((await outbox()).slice(before).map((row) => row.type)).toEqual(MUTATION_EVENTS.support?.openSupportCase.emits);
    expect(heard.map((e) => [e.type, e.source])).toEqual([['SupportCaseOpened', 'support']]);
    expect(invalidationsFor(heard[0])).toEqual([
      { typename: 'SupportCase', key: { number } },
      { typename: 'Customer', key: { id: STORY.bob.id } },
      { typename: 'Order', key: { number: STORY.bob.deliveredOrder } },
    ]);
  });

  test('When opening a case is refused (blank subject), then nothing is announced', async () => {
    const before = await outbox();

    const answer = await post(OPEN, { input: { ...input(null), subject: '   ' } });

    expect(answer.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await outbox()).toEqual(before);
    expect(heard).toEqual([]);
  });

  test('When adding an interaction rolls back, then the history and the outbox are as before', async () => {
    const before = { rows: await rowCounts(support.subgraph), outbox: await outbox() };
    const add = { caseNumber: STORY.chris.case, channel: 'PHONE' as const, summary: 'Rolled back.' };

    await expect(addCaseInteraction(commitFails(support.subgraph.db), add)).rejects.toThrow(CommitFailed);

    expect({ rows: await rowCounts(support.subgraph), outbox: await outbox() }).toEqual(before);
  });

  test('When an interaction is added, then one CaseInteractionAdded event reaches the bus and invalidates the case, its customer and its order', async () => {
    const before = (await outbox()).length;

    const answer = await post(ADD, { n: STORY.chris.case });

    expect(answer.errors).toBeUndefined();
    expect((await outbox()).slice(before).map((row) => row.type)).toEqual(MUTATION_EVENTS.support?.addCaseInteraction.emits);
    expect(heard.map((e) => [e.type, e.source])).toEqual([['CaseInteractionAdded', 'support']]);
    expect(invalidationsFor(heard[0])).toEqual([
      { typename: 'SupportCase', key: { number: STORY.chris.case } },
      { typename: 'Customer', key: { id: STORY.chris.id } },
      { typename: 'Order', key: { number: STORY.chris.order } },
    ]);
  });

  test('When an interaction names an unknown case, then it is refused and nothing is announced', async () => {
    const before = await outbox();

    const answer = await post(ADD, { n: 'CS-999999' });

    expect(answer.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(await outbox()).toEqual(before);
  });
});
