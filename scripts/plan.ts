import { readFileSync } from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';
import { prettyFormatQueryPlan, QueryPlanner } from '@apollo/query-planner';
import { parse } from 'graphql';
import { projectPath } from '../common/paths';
import { compilePlan } from '../gateway/engine/compile';
import { printShape } from '../gateway/engine/shape';

/**
 * `npm run plan -- <file.graphql> [operationName] [--supergraph <file>]`: the query plan the engine
 * runs for an operation and its compiled response shape, to debug a slow or a wrong answer.
 */
function main(): void {
  const args = process.argv.slice(2);
  const at = args.indexOf('--supergraph');
  const supergraphPath = at >= 0 ? args.splice(at, 2)[1] : projectPath('schema', 'supergraph.graphql');
  const [file, operationName] = args;
  if (!file) {
    console.error('usage: npm run plan -- <file.graphql> [operationName] [--supergraph <file>]');
    process.exit(2);
  }
  const supergraph = Supergraph.build(readFileSync(supergraphPath, 'utf8'));
  const apiSchema = supergraph.apiSchema();
  const compiled = compilePlan(
    {
      supergraph,
      apiSchema,
      apiGraphQLSchema: apiSchema.toGraphQLJSSchema({ includeDefer: true }),
      supergraphSchema: supergraph.schema.toGraphQLJSSchema(),
      planner: new QueryPlanner(supergraph, { incrementalDelivery: { enableDefer: true } }),
    },
    parse(readFileSync(file, 'utf8')),
    operationName,
  );
  console.log(prettyFormatQueryPlan(compiled.plan));
  console.log('\nResponse shape (compiled once per plan):');
  console.log(printShape(compiled.defer?.shape ?? compiled.shape));
  console.log(`\nEstimated size in the plan cache: ${compiled.bytes} bytes`);
}

main();
