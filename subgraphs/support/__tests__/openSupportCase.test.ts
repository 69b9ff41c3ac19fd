import { STORY } from '../../../demo/stories';
import { postGraphQL } from './support/graphql';
import { launchSupport, rowCounts, type LaunchedSupport } from './support/launch';

const OPEN = `mutation($input: OpenSupportCaseInput!) {
  openSupportCase(input: $input) { number status channel subject openedAt customer { id } order { number } interactions { channel summary } }
}`;

describe('openSupportCase', () => {
  let support: LaunchedSupport;
  beforeAll(async () => {
    support = await launchSupport();
  });
  afterAll(() => support.stop());
  beforeEach(() => {
    support.directory.unreachable = false;
  });

  const open = (input: Record<string, unknown>, headers: Record<string, string> = {}) =>
    postGraphQL(support.subgraph.url, OPEN, { input }, headers);

  const valid = () => ({
    customerId: STORY.bob.id,
    orderNumber: STORY.bob.deliveredOrder,
    subject: '  Laptop fan is loud  ',
    channel: 'CHAT',
    summary: 'Customer says the fan runs at full speed all the time.',
  });

  test('When an agent opens a case for a customer about one of their orders, then it is OPEN under a new number with its first interaction, and findable by number', async () => {
    const before = await rowCounts(support.subgraph);

    const answer = await open(valid(), { authorization: 'Bearer agent-7', 'x-request-id': 'req-open-1' });

    expect(answer.errors).toBeUndefined();
    const created = answer.data.openSupportCase;
    expect(created.number).toMatch(/^CS-\d{6,}$/);
    expect(Number(created.number.slice(3))).toBeGreaterThanOrEqual(500000);
    expect(created).toMatchObject({
      status: 'OPEN',
      channel: 'CHAT',
      subject: 'Laptop fan is loud',
      customer: { id: STORY.bob.id },
      order: { number: STORY.bob.deliveredOrder },
      interactions: [{ channel: 'CHAT', summary: 'Customer says the fan runs at full speed all the time.' }],
    });
    expect(Math.abs(Date.parse(created.openedAt) - Date.now())).toBeLessThan(60_000);
    expect(await rowCounts(support.subgraph)).toEqual({ cases: before.cases + 1, interactions: before.interactions + 1 });
    expect(support.directory.calls.at(-1)).toEqual({
      customerId: STORY.bob.id,
      orderNumber: STORY.bob.deliveredOrder,
      // Only the trace: Support asks Orders with its own identity, never the caller's (addressed to Support alone).
      headers: { 'x-request-id': 'req-open-1' },
    });
    const lookedUp = await postGraphQL(support.subgraph.url, `query($n: ID!) { supportCase(number: $n) { number } }`, {
      n: created.number.toLowerCase(),
    });
    expect(lookedUp.data.supportCase).toEqual({ number: created.number });
  });

  test('When a case is opened without an order, then it has no order and the directory is asked about the customer only', async () => {
    const { orderNumber: _omitted, ...withoutOrder } = valid();

    const answer = await open(withoutOrder);

    expect(answer.errors).toBeUndefined();
    expect(answer.data.openSupportCase.order).toBeNull();
    expect(support.directory.calls.at(-1)).toMatchObject({ customerId: STORY.bob.id, orderNumber: undefined });
  });

  test('When two cases are opened, then their numbers differ and the newest comes first on the customer', async () => {
    const first = await open({ ...valid(), subject: 'First' });
    const second = await open({ ...valid(), subject: 'Second' });

    const answer = await postGraphQL(
      support.subgraph.url,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { supportCases { number } } } }`,
      { r: [{ __typename: 'Customer', id: STORY.bob.id }] },
    );

    const numbers = answer.data._entities[0].supportCases.map((c: { number: string }) => c.number);
    expect(first.data.openSupportCase.number).not.toBe(second.data.openSupportCase.number);
    expect(numbers.indexOf(second.data.openSupportCase.number)).toBeLessThan(numbers.indexOf(first.data.openSupportCase.number));
  });

  const refusals = [
    { when: 'the subject is blank', change: { subject: '   ' }, code: 'BAD_USER_INPUT', argumentName: 'input.subject' },
    { when: 'the subject is over 200 characters', change: { subject: 'x'.repeat(201) }, code: 'BAD_USER_INPUT', argumentName: 'input.subject' },
    { when: 'the summary is blank', change: { summary: '' }, code: 'BAD_USER_INPUT', argumentName: 'input.summary' },
    { when: 'the summary is over 4000 characters', change: { summary: 'y'.repeat(4001) }, code: 'BAD_USER_INPUT', argumentName: 'input.summary' },
    { when: 'the customer is unknown', change: { customerId: 'CUS-999999', orderNumber: null }, code: 'NOT_FOUND', argumentName: 'input.customerId' },
    { when: "the order is another customer's", change: { orderNumber: STORY.alice.order }, code: 'BAD_USER_INPUT', argumentName: 'input.orderNumber' },
    { when: 'the order is unknown', change: { orderNumber: '000000001' }, code: 'BAD_USER_INPUT', argumentName: 'input.orderNumber' },
  ];

  test.each(refusals)('When $when, then it is refused with $code naming $argumentName and nothing is written', async ({ change, code, argumentName }) => {
    const before = await rowCounts(support.subgraph);

    const answer = await open({ ...valid(), ...change });

    expect(answer.data).toBeNull();
    expect(answer.errors).toHaveLength(1);
    expect(answer.errors![0].extensions).toMatchObject({ code, argumentName });
    expect(await rowCounts(support.subgraph)).toEqual(before);
  });

  test('When a subject of exactly 200 characters is given, then it is accepted', async () => {
    const answer = await open({ ...valid(), subject: 's'.repeat(200) });

    expect(answer.errors).toBeUndefined();
    expect(answer.data.openSupportCase.subject).toHaveLength(200);
  });

  test('When Orders cannot be reached, then it fails with SUBGRAPH_UNAVAILABLE and nothing is written', async () => {
    support.directory.unreachable = true;
    const before = await rowCounts(support.subgraph);

    const answer = await open(valid());

    expect(answer.data).toBeNull();
    expect(answer.errors![0].extensions!.code).toBe('SUBGRAPH_UNAVAILABLE');
    expect(await rowCounts(support.subgraph)).toEqual(before);
  });
});
