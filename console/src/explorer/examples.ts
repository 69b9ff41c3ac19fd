import { Kind, parse, print, type OperationDefinitionNode, type VariableDefinitionNode } from 'graphql';
import { STORY } from '../../../demo/stories';
import { EXAMPLE_QUERIES } from '../../../scripts/examples';

/** One example operation the explorer offers, with variables the demo world answers. */
export interface Example {
  title: string;
  query: string;
  /** JSON text for the variables editor. */
  variables?: string;
}

export interface ExampleGroup {
  name: string;
  examples: Example[];
}

const json = (value: unknown) => JSON.stringify(value, null, 2);

/**
 * An anonymous operation named after its root field (`{ order(…) }` becomes `query Order`), so
 * its tab is titled by what it asks for rather than "<untitled>".
 */
function named(query: string): string {
  const document = parse(query);
  return print({
    ...document,
    definitions: document.definitions.map((definition) => {
      if (definition.kind !== Kind.OPERATION_DEFINITION || definition.name) return definition;
      const root = definition.selectionSet.selections.find((s) => s.kind === Kind.FIELD);
      const name = root ? root.name.value.charAt(0).toUpperCase() + root.name.value.slice(1) : 'Example';
      return { ...definition, name: { kind: Kind.NAME, value: name } };
    }),
  });
}

/**
 * The curl lines `npm start` prints (scripts/examples.ts: one source for both), laid out for
 * reading. Their `token` field is not needed here: a public query answers with a token too.
 */
const START_EXAMPLES: Example[] = EXAMPLE_QUERIES.map((example) => ({ title: example.title, query: `# ${example.title}\n${named(example.query)}` }));

/** The committed operation catalogue (schema/operations/<client>/<name>.graphql), as text. */
const CATALOGUE = import.meta.glob<string>('../../../schema/operations/*/*.graphql', { query: '?raw', import: 'default', eager: true });

function catalogued(client: string, name: string): string {
  const text = CATALOGUE[`../../../schema/operations/${client}/${name}.graphql`];
  if (text === undefined) throw new Error(`schema/operations/${client}/${name}.graphql is not in the catalogue`);
  return text;
}

/**
 * A subscription and the change it hears: run the first, then the second in another tab, and the
 * first tab shows the event. Both are the agent console's own operations.
 */
const LIVE_EXAMPLES: Example[] = [
  {
    title: "Watch Bob's activity (subscription)",
    query: catalogued('agent-console', 'customerActivity'),
    variables: json({ customerId: STORY.bob.id }),
  },
  {
    title: 'Open a case for Bob (the subscription hears it)',
    query: catalogued('agent-console', 'openSupportCase'),
    variables: json({ input: { customerId: STORY.bob.id, subject: 'Asked about delivery', channel: 'PHONE', summary: 'Called from the explorer' } }),
  },
];

/**
 * Variables to fill in for a catalogue operation: null for each (the variables editor then
 * autocompletes and validates them), `false` for the agent tools' `$has_…` guards.
 */
function variablesTemplate(query: string): string | undefined {
  const operation = parse(query).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const definitions: readonly VariableDefinitionNode[] = operation?.variableDefinitions ?? [];
  if (definitions.length === 0) return undefined;
  const guard = (d: VariableDefinitionNode) => d.variable.name.value.startsWith('has_') && d.type.kind === Kind.NON_NULL_TYPE;
  return json(Object.fromEntries(definitions.map((d) => [d.variable.name.value, guard(d) ? false : null])));
}

/** Who sends each catalogue folder's operations, for the list's headings. */
const CLIENTS: Record<string, string> = {
  'agent-console': 'Agent console',
  agent: 'Agent tools (MCP)',
  shop: 'Web shop',
  till: 'Store till',
};

function catalogueGroups(): ExampleGroup[] {
  const byClient = new Map<string, Example[]>();
  for (const [path, query] of Object.entries(CATALOGUE).sort(([a], [b]) => a.localeCompare(b))) {
    const [client, file] = path.split('/').slice(-2);
    const list = byClient.get(client) ?? [];
    list.push({ title: file.replace(/\.graphql$/, ''), query, variables: variablesTemplate(query) });
    byClient.set(client, list);
  }
  return [...byClient].map(([client, examples]) => ({ name: `${CLIENTS[client] ?? client} (schema/operations/${client})`, examples }));
}

/** What the explorer opens with on a first visit, one tab each. */
export const DEFAULT_EXAMPLES: Example[] = [...START_EXAMPLES, ...LIVE_EXAMPLES];

/** Everything the Examples pane lists. */
export const EXAMPLE_GROUPS: ExampleGroup[] = [
  { name: 'From npm start', examples: START_EXAMPLES },
  { name: 'Live: a subscription and a change it hears', examples: LIVE_EXAMPLES },
  ...catalogueGroups(),
];
