import { buildSchema, parse, print } from 'graphql';
import { fieldNode, forDefer, operationSelections, type Selection } from '../selections';

const schema = buildSchema(`
  directive @defer(label: String, if: Boolean! = true) on FRAGMENT_SPREAD | INLINE_FRAGMENT
  type Query { me: User, node: Node }
  interface Node { id: ID! }
  type User implements Node { id: ID!, name: String, email: String }
`);

/** The selections as text: fields by response name, fragments by condition and directives. */
function outline(selections: Selection[]): string {
  return selections
    .map((s) => {
      if (s.kind === 'field') return s.selections ? `${s.responseName} { ${outline(s.selections)} }` : s.responseName;
      const directives = s.directives.map((d) => ` ${print(d)}`).join('');
      return `${s.spread ? `...${s.spread}` : `...${s.typeCondition ? ` on ${s.typeCondition.name}` : ''}`}${directives} { ${outline(s.selections)} }`;
    })
    .join(' ');
}

const read = (query: string) => operationSelections(schema, parse(query), undefined);

describe('An operation read from its graphql-js document', () => {
  test('When a selection set repeats a field or a fragment, then the repeats merge into the first one\'s place, as stock groups them', () => {
    const { selections } = read('{ me { id } node { ... on User { name } id ... on User { email } } me { name } }');
    expect(outline(selections)).toBe('me { id name } node { ... on User { name email } id }');
  });

  test('When a field carries other directives than its twin, then the two stay apart', () => {
    const { selections } = read('query($s: Boolean!) { me { id } me @skip(if: $s) { name } }');
    expect(outline(selections)).toBe('me { id } me { name }');
  });

  test('When a named fragment is spread twice, then it is kept once and its selections are shared with every spread', () => {
    const { selections } = read('{ me { ...U } node { ...U ...U } } fragment U on User { id }');
    const [me, node] = selections as Array<Selection & { selections: Selection[] }>;
    expect(outline(selections)).toBe('me { ...U { id } } node { ...U { id } }');
    expect(me.selections[0].selections).toBe(node.selections[0].selections);
  });

  test('When introspection uses fragments, then graphql-js is given the field with its fragments expanded and merged', () => {
    const query = '{ __type(name: "User") { name ... on __Type { kind } fields { name } ... on __Type { description } ...T } } fragment T on __Type { specifiedByURL }';
    const [field] = read(query).selections;
    if (field.kind !== 'field') throw new Error('expected a field');
    expect(print(fieldNode(field)).replace(/\s+/g, ' ')).toBe('__type(name: "User") { name ... on __Type { kind description } fields { name } specifiedByURL }');
  });
});

describe('An operation as the planner sees it before planning @defer', () => {
  test('When fragments are expanded, then useless ones disappear, @defer(if: false) is no @defer, and labels stay on deferred ones', () => {
    const query = 'query($d: Boolean!) { me { ... on User { id } ... @defer(if: false) { name } ...F @defer(label: "f", if: $d) } } fragment F on User { email }';
    const normalized = forDefer(schema, read(query));
    expect(outline(normalized.selections)).toBe('me { id name ... on User @defer(label: "f", if: $d) { email } }');
    expect(normalized.hasDefers).toBe(true);
  });

  test('When a fragment narrows nothing (the parent\'s own type, or an object parent), then its selections take its place', () => {
    const normalized = forDefer(schema, read('{ node { ... on Node { ... on User { name } } } me { ... on Node { id } } }'));
    expect(outline(normalized.selections)).toBe('node { ... on User { name } } me { id }');
    expect(normalized.hasDefers).toBe(false);
  });
});
