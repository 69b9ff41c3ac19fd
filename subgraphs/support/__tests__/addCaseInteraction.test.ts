import { STORY } from '../../../demo/stories';
import { postGraphQL } from './support/graphql';
import { launchSupport, rowCounts, type LaunchedSupport } from './support/launch';

const ADD = `mutation($n: ID!, $c: Channel!, $s: String!) {
  addCaseInteraction(caseNumber: $n, channel: $c, summary: $s) { number status interactions { at channel summary } }
}`;

interface Answered {
  number: string;
  status: string;
  interactions: Array<{ at: string; channel: string; summary: string }>;
}

describe('addCaseInteraction', () => {
  let support: LaunchedSupport;
  beforeAll(async () => {
    support = await launchSupport();
  });
  afterAll(() => support.stop());

  const add = (caseNumber: string, channel: string, summary: string) =>
    postGraphQL<{ addCaseInteraction: Answered }>(support.subgraph.url, ADD, { n: caseNumber, c: channel, s: summary });

  test("When an interaction is added to Chris's open case, then it is last in the history and the case stays OPEN", async () => {
    const history = await postGraphQL(support.subgraph.url, `query { supportCase(number: "CS-100003") { interactions { at } } }`);
    const before = history.data.supportCase.interactions.length;

    const answer = await add(STORY.chris.case, 'STORE', '  Replacement laptop collected in store.  ');

    expect(answer.errors).toBeUndefined();
    const updated = answer.data!.addCaseInteraction;
    expect(updated.status).toBe('OPEN');
    expect(updated.interactions).toHaveLength(before + 1);
    expect(updated.interactions.at(-1)).toMatchObject({ channel: 'STORE', summary: 'Replacement laptop collected in store.' });
    const times = updated.interactions.map((i) => Date.parse(i.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  test("When the customer comes back about Dana's resolved incident, quoted in lower case, then the interaction is added and the case is OPEN again", async () => {
    const answer = await add(' cs-482913 ', 'PHONE', 'Customer called: the kayak seat is cracked.');

    expect(answer.errors).toBeUndefined();
    expect(answer.data!.addCaseInteraction.number).toBe(STORY.dana.incident);
    expect(answer.data!.addCaseInteraction.status).toBe('OPEN');
    expect(answer.data!.addCaseInteraction.interactions.map((i) => i.summary).at(-1)).toBe('Customer called: the kayak seat is cracked.');
    const lookedUp = await postGraphQL(support.subgraph.url, `query { supportCase(number: "CS-482913") { status interactions { summary } } }`);
    expect(lookedUp.data.supportCase.status).toBe('OPEN');
    expect(lookedUp.data.supportCase.interactions).toHaveLength(4);
  });

  const refusals = [
    { when: 'the case is unknown', number: 'CS-999999', summary: 'Hello', code: 'NOT_FOUND', argumentName: 'caseNumber' },
    { when: 'the case number is malformed', number: 'nonsense', summary: 'Hello', code: 'NOT_FOUND', argumentName: 'caseNumber' },
    { when: 'the summary is blank', number: STORY.chris.case, summary: '  ', code: 'BAD_USER_INPUT', argumentName: 'summary' },
    { when: 'the summary is over 4000 characters', number: STORY.chris.case, summary: 'z'.repeat(4001), code: 'BAD_USER_INPUT', argumentName: 'summary' },
  ];

  test.each(refusals)('When $when, then it is refused with $code naming $argumentName and nothing is written', async ({ number, summary, code, argumentName }) => {
    const before = await rowCounts(support.subgraph);

    const answer = await add(number, 'EMAIL', summary);

    expect(answer.data).toBeNull();
    expect(answer.errors![0].extensions).toMatchObject({ code, argumentName });
    expect(await rowCounts(support.subgraph)).toEqual(before);
  });
});
