/**
 * The differential corpus over test/engine/featureGraph.ts: one or more queries per Federation 2
 * feature and per execution rule. `errors` says whether the answer must carry errors, so a query
 * that silently stops exercising its case fails.
 */
export interface CorpusCase {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  errors: boolean;
  /** A subgraph made unreachable for this case. */
  down?: 'accounts' | 'products' | 'inventory' | 'reviews';
}

export const CORPUS: CorpusCase[] = [
  { name: 'root field of one subgraph', query: '{ me { id name } }', errors: false },
  { name: 'entity across two subgraphs', query: '{ me { name reviews { body rating } } }', errors: true },
  { name: 'list of entities joined with another subgraph', query: '{ users { id email reviews { id rating } } }', errors: false },
  { name: 'key order follows the query, not the fetches', query: '{ reviews { rating product { name upc } id author { email name } } }', errors: false },
  { name: 'compound, nested key (sku variant { id })', query: '{ topProducts(first: 4) { upc warehouse inStock } }', errors: true },
  { name: 'compound key, all entities non-null', query: '{ topProducts(first: 2) { name warehouse } }', errors: false },
  { name: '@requires of two external fields', query: '{ topProducts { name shippingEstimate } }', errors: false },
  { name: '@requires with a field argument', query: '{ topProducts { delivery(zip: "LS1") } }', errors: false },
  { name: '@requires with a variable argument', query: 'query($zip: String!) { product(upc: "p2") { delivery(zip: $zip) price } }', variables: { zip: 'B2' }, errors: false },
  { name: '@provides: name read from the review, not accounts', query: '{ reviews { author { name } } }', errors: false },
  { name: 'no @provides path: name from accounts', query: '{ review(id: "r1") { author { id email name } } }', errors: false },
  { name: 'progressive @override: a label no one set leaves the field with accounts', query: '{ users { numberOfReviews } }', errors: false },
  { name: 'shareable value type', query: '{ users { address { city zip } } }', errors: false },
  { name: 'union across subgraphs with fragments', query: '{ search(term: "o") { __typename ... on User { email } ... on Product { name price } } }', errors: false },
  { name: 'union with default argument', query: '{ search { ... on User { id } } }', errors: false },
  { name: 'interface entity: fragments per implementation', query: '{ media { id title ... on Book { pages } ... on Movie { minutes } } }', errors: false },
  { name: '@interfaceObject field through the interface', query: '{ media { __typename title rating } }', errors: false },
  { name: '@interfaceObject list of nullable entities', query: '{ media { rating reviewers { id name } } }', errors: false },
  { name: 'named fragments and nested fragments', query: 'query { me { ...U } } fragment U on User { id ...R } fragment R on User { reviews { ...Rev } } fragment Rev on Review { id rating }', errors: false },
  { name: 'aliases, the same field twice', query: '{ a: product(upc: "p1") { n: name p: price } b: product(upc: "p2") { n: name shippingEstimate } }', errors: false },
  { name: 'aliases on entity fields', query: '{ topProducts(first: 2) { x: reviews { r: rating } y: reviews { id } } }', errors: false },
  { name: 'variables with defaults', query: 'query($first: Int = 2) { topProducts(first: $first) { upc } }', errors: false },
  { name: 'variables given over defaults', query: 'query($first: Int = 2) { topProducts(first: $first) { upc } }', variables: { first: 4 }, errors: false },
  { name: '@skip and @include with variables', query: 'query($s: Boolean!, $i: Boolean!) { me { id @skip(if: $s) name @include(if: $i) reviews @include(if: $i) { id } } }', variables: { s: true, i: false }, errors: false },
  { name: '@include true through an entity fetch', query: 'query($i: Boolean = true) { me { reviews @include(if: $i) { rating } } }', errors: false },
  { name: '@skip on a fragment', query: 'query($s: Boolean!) { me { ... @skip(if: $s) { email } name } }', variables: { s: false }, errors: false },
  { name: 'lists of lists with nulls', query: '{ matrix }', errors: false },
  { name: 'list of scalars, empty and null lists', query: '{ topProducts(first: 3) { tags } }', errors: false },
  { name: 'error inside a subgraph, path through _entities', query: '{ topProducts(first: 2) { upc reviews { id body } } }', errors: true },
  { name: 'error on a non-null entity field nulls its parent', query: '{ topProducts { upc topReview { body } } }', errors: true },
  { name: 'null for a non-null root field', query: '{ brokenUser { id } }', errors: true },
  { name: 'subgraph error with its code', query: '{ maybeUser { id } me { id } }', errors: true },
  { name: 'null crossing a non-null field in another subgraph', query: '{ product(upc: "p4") { name inStock } }', errors: true },
  { name: 'entity that does not exist', query: '{ user(id: "nobody") { id reviews { id } } }', errors: false },
  { name: '__typename everywhere, root included', query: '{ __typename me { __typename reviews { __typename product { __typename upc } } } }', errors: false },
  { name: 'aliased __typename', query: '{ t: __typename me { t: __typename } }', errors: false },
  { name: 'introspection mixed with data', query: '{ __type(name: "User") { name fields { name } } me { id } }', errors: false },
  { name: 'introspection through inline and named fragments', query: '{ __type(name: "Media") { name ... on __Type { kind } possibleTypes { name } ...T ... on __Type { specifiedByURL } } } fragment T on __Type { kind description }', errors: false },
  { name: 'fragments with the same condition merge into the first one\'s place', query: '{ me { ... on User { id } name ... on User { email } } ... on Query { users { id } } reviews { id } ... on Query { users { email } } }', errors: false },
  { name: 'a named fragment spread twice, beside an inline fragment on its type', query: '{ search(term: "o") { ...U ... on User { name } __typename ...U ... on User { id } ... on Product { upc } } } fragment U on User { email }', errors: false },
  { name: 'the same field thrice, one conditional', query: 'query($s: Boolean!) { me { id } me @skip(if: $s) { name } me { email } }', variables: { s: false }, errors: false },
  { name: 'response names that Object.prototype also has', query: '{ __proto__: me { constructor: id toString: name } hasOwnProperty: users { __proto__: __typename valueOf: email } }', errors: false },
  { name: '@inaccessible field is refused', query: '{ me { secret } }', errors: true },
  { name: 'a subgraph down: the others answer, SUBGRAPH_UNAVAILABLE', query: '{ me { name reviews { rating } } }', errors: true, down: 'reviews' },
  { name: 'entity subgraph down under a list', query: '{ topProducts { name shippingEstimate } }', errors: true, down: 'inventory' },
  { name: 'root subgraph down', query: '{ topProducts { name } me { id } }', errors: true, down: 'products' },
  { name: 'variable of the wrong type', query: 'query($first: Int) { topProducts(first: $first) { upc } }', variables: { first: 'many' }, errors: true },
  { name: 'one subgraph reached from two paths (one batched fetch with Hive\'s planner)', query: '{ review(id: "r1") { author { email } product { name } } reviews { author { email } } }', errors: false },
  { name: 'one subgraph reached at two depths (batched with Hive\'s planner)', query: '{ reviews { author { email } product { reviews { author { email } } } } }', errors: false },
  { name: 'deep chain across four subgraphs', query: '{ reviews { product { upc name shippingEstimate reviews { author { address { city } numberOfReviews } } } } }', errors: false },
];
