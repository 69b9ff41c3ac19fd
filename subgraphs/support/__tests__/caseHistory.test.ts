import { STORY } from '../../../demo/stories';
import { postGraphQL } from './support/graphql';
import { launchSupport, type LaunchedSupport } from './support/launch';

const CASE_FIELDS = `number subject status openedAt channel
  customer { id } order { number }
  interactions { at channel summary }`;

interface Case {
  number: string;
  status: string;
  openedAt: string;
  customer: { id: string };
  order: { number: string } | null;
  interactions: Array<{ at: string; channel: string; summary: string }>;
}

describe('support case history', () => {
  let support: LaunchedSupport;
  beforeAll(async () => {
    support = await launchSupport(300);
  });
  afterAll(() => support.stop());

  const lookUp = (number: string) =>
    postGraphQL<{ supportCase: Case | null }>(support.subgraph.url, `query($n: ID!) { supportCase(number: $n) { ${CASE_FIELDS} } }`, { n: number });

  test("When Chris Taylor's case is looked up, then its year of repairs is one chronological history with four BIOS re-flashes", async () => {
    const answer = await lookUp(STORY.chris.case);

    expect(answer.errors).toBeUndefined();
    const found = answer.data!.supportCase!;
    expect(found.customer).toEqual({ id: STORY.chris.id });
    expect(found.order).toEqual({ number: STORY.chris.order });
    expect(found.interactions.length).toBeGreaterThanOrEqual(8);
    const times = found.interactions.map((i) => Date.parse(i.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const reflashes = found.interactions
      .map((i) => /BIOS re-flash (\d) of 4 done/.exec(i.summary)?.[1])
      .filter((n): n is string => n !== undefined);
    expect(reflashes).toEqual(['1', '2', '3', '4']);
  });

  test.each([STORY.dana.incident, 'cs-482913', '  Cs-482913  ', '\tCS-482913\n'])(
    'When the incident number is quoted as %j, then the same case linked to Dana\'s order is found',
    async (quoted) => {
      const answer = await lookUp(quoted);

      expect(answer.errors).toBeUndefined();
      const found = answer.data!.supportCase!;
      expect(found.number).toBe(STORY.dana.incident);
      expect(found.customer).toEqual({ id: STORY.dana.id });
      expect(found.order).toEqual({ number: STORY.dana.order });
      expect(found.interactions.map((i) => i.channel)).toEqual(['EMAIL', 'EMAIL', 'PHONE']);
      expect(found.interactions[1].summary).toContain('replied with incident number CS-482913');
    },
  );

  test.each(['CS-999999', 'CS-12', 'not a case', '', '482913'])(
    'When the number %j is unknown or malformed, then the answer is null without an error',
    async (number) => {
      const answer = await lookUp(number);

      expect(answer.errors).toBeUndefined();
      expect(answer.data).toEqual({ supportCase: null });
    },
  );

  test("When Dana's order is resolved as an entity, then its support cases include the incident", async () => {
    const answer = await postGraphQL(
      support.subgraph.url,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { number supportCases { number order { number } } } } }`,
      { r: [{ __typename: 'Order', number: STORY.dana.order }, { __typename: 'Order', number: '000000000' }] },
    );

    expect(answer.errors).toBeUndefined();
    expect(answer.data._entities).toEqual([
      { number: STORY.dana.order, supportCases: [{ number: STORY.dana.incident, order: { number: STORY.dana.order } }] },
      { number: '000000000', supportCases: [] },
    ]);
  });

  test('When a customer with several cases is resolved as an entity, then the cases come newest first', async () => {
    const counts = new Map<string, number>();
    for (const c of support.world.supportCases) counts.set(c.customerId, (counts.get(c.customerId) ?? 0) + 1);
    const [customerId] = [...counts].find(([, n]) => n >= 2)!;
    const expected = support.world.supportCases
      .filter((c) => c.customerId === customerId)
      .sort((a, b) => b.openedAt.getTime() - a.openedAt.getTime() || b.number.localeCompare(a.number))
      .map((c) => c.number);

    const answer = await postGraphQL(
      support.subgraph.url,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id supportCases { number openedAt } } } }`,
      { r: [{ __typename: 'Customer', id: customerId }] },
    );

    expect(answer.errors).toBeUndefined();
    expect(answer.data._entities[0].supportCases.map((c: Case) => c.number)).toEqual(expected);
  });

  test('When a case is resolved as an entity by its number, then its fields and history are answered', async () => {
    const answer = await postGraphQL(
      support.subgraph.url,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on SupportCase { number status interactions { channel } } } }`,
      { r: [{ __typename: 'SupportCase', number: STORY.dana.incident }, { __typename: 'SupportCase', number: 'CS-999999' }] },
    );

    expect(answer.errors).toBeUndefined();
    expect(answer.data._entities).toEqual([
      { number: STORY.dana.incident, status: 'RESOLVED', interactions: [{ channel: 'EMAIL' }, { channel: 'EMAIL' }, { channel: 'PHONE' }] },
      null,
    ]);
  });

  describe('batching', () => {
    const customersWithCases = () => [...new Set(support.world.supportCases.map((c) => c.customerId))];

    async function statementsFor(customerIds: string[]): Promise<{ statements: number; cases: number }> {
      const before = support.subgraph.db.stats.statements;
      const answer = await postGraphQL(
        support.subgraph.url,
        `query($r: [_Any!]!) { _entities(representations: $r) {
           ... on Customer { id supportCases { number customer { id } order { number } interactions { at summary } } } } }`,
        { r: customerIds.map((id) => ({ __typename: 'Customer', id })) },
      );
      const statements = support.subgraph.db.stats.statements - before;
      expect(answer.errors).toBeUndefined();
      const cases = answer.data._entities.reduce((n: number, c: { supportCases: Case[] }) => n + c.supportCases.length, 0);
      return { statements, cases };
    }

    test('When 5 or 50 customers with their cases and interactions are resolved, then the same small number of statements runs', async () => {
      const ids = customersWithCases();
      expect(ids.length).toBeGreaterThanOrEqual(50);
      const expectedCases = (some: string[]) => support.world.supportCases.filter((c) => some.includes(c.customerId)).length;

      const five = await statementsFor(ids.slice(0, 5));
      const fifty = await statementsFor(ids.slice(0, 50));

      expect(five.cases).toBe(expectedCases(ids.slice(0, 5)));
      expect(fifty.cases).toBe(expectedCases(ids.slice(0, 50)));
      expect(fifty.statements).toBe(five.statements);
      expect(fifty.statements).toBeLessThanOrEqual(3); // cases, interactions, the access log's one INSERT
    });
  });
});
