import { readFileSync } from 'node:fs';
import { Supergraph, operationFromDocument } from '@apollo/federation-internals';
import { parse, type DocumentNode } from 'graphql';
import { projectPath } from '../../common/paths';
import { GATEWAY_VERSION, installOperationCache, memoise } from '../operationCache';

const QUERY = parse(`
  query Overview($email: String!, $withCases: Boolean!) {
    customer(email: $email) { ...Who orders { number } supportCases @include(if: $withCases) { number } }
  }
  fragment Who on Customer { name }
`);

/** What executeQueryPlan hands operationFromDocument: a new document around the same definitions each time. */
const rewrapped = (document: DocumentNode): DocumentNode => ({ kind: document.kind, definitions: [...document.definitions] });

describe('the gateway operation cache', () => {
  const apiSchema = Supergraph.build(readFileSync(projectPath('schema', 'supergraph.graphql'), 'utf8')).apiSchema();

  test('When the same definitions come again in a new document, then the Operation built the first time is returned', () => {
    let builds = 0;
    const cached = memoise((schema, document, options) => {
      builds += 1;
      return operationFromDocument(schema as never, document, options);
    });
    const first = cached(apiSchema, rewrapped(QUERY), { validate: false });
    const second = cached(apiSchema, rewrapped(QUERY), { validate: false });
    expect(second).toBe(first);
    expect(builds).toBe(1);
    expect(String(first)).toBe(String(operationFromDocument(apiSchema, QUERY, { validate: false })));
  });

  test('When the definitions, the schema or the call differ, then the Operation is built anew', () => {
    let builds = 0;
    const cached = memoise((schema, document, options) => {
      builds += 1;
      return operationFromDocument(schema as never, document, options);
    });
    cached(apiSchema, rewrapped(QUERY), { validate: false });
    cached(apiSchema, { kind: QUERY.kind, definitions: [QUERY.definitions[0], ...parse('fragment Who on Customer { name }').definitions] }, { validate: false });
    cached(apiSchema, parse('{ customer(email: "a@b.c") { name } }'), { validate: false });
    cached(apiSchema.clone(), rewrapped(QUERY), { validate: false });
    cached(apiSchema, rewrapped(QUERY), { operationName: 'Overview' }); // the planner's call: validated, never cached
    cached(apiSchema, rewrapped(QUERY), { operationName: 'Overview' });
    expect(builds).toBe(6);
  });

  test('When installed on the gateway version it was written for, then executeQueryPlan gets the cached Operation', () => {
    expect(require('@apollo/gateway/package.json').version).toBe(GATEWAY_VERSION);
    expect(installOperationCache()).toBe(true);
    expect(installOperationCache()).toBe(true); // twice is harmless
    // The function @apollo/gateway calls, reached as it reaches it (the package's live re-export).
    const viaPackage = require('@apollo/federation-internals').operationFromDocument as typeof operationFromDocument;
    expect(viaPackage(apiSchema, rewrapped(QUERY), { validate: false })).toBe(viaPackage(apiSchema, rewrapped(QUERY), { validate: false }));
  });
});
