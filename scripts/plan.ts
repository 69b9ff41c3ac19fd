import { readFileSync } from 'node:fs';
import { prettyFormatQueryPlan } from '@apollo/query-planner';
import { parse } from 'graphql';
import { projectPath } from '../common/paths';
import { compilePlan } from '../gateway/engine/compile';
import { loadSupergraph } from '../gateway/engine/loadedSupergraph';
import { PLANNER_NAMES, type PlannerName } from '../gateway/engine/planners/planner';
import { printShape } from '../gateway/engine/shape';
import { readSubgraphSdls } from '../common/composition';
import { customerDataRulesFrom } from '../gateway/auth/customerDataRules';
import { entityCachePlanReport } from '../gateway/entityCache/planReport';

/**
 * `npm run plan -- <file.graphql> [operationName] [--supergraph <file>] [--planner apollo|hive]`: the query plan the engine
 * runs for an operation and its compiled response shape, to debug a slow or a wrong answer.
 */
function main(): void {
  const args = process.argv.slice(2);
  const option = (name: string) => {
    const at = args.indexOf(name);
    return at >= 0 ? args.splice(at, 2)[1] : undefined;
  };
  const supergraphPath = option('--supergraph') ?? projectPath('schema', 'supergraph.graphql');
  const planner = option('--planner') ?? 'apollo';
  const [file, operationName] = args;
  if (!file || !PLANNER_NAMES.includes(planner as PlannerName)) {
    console.error('usage: npm run plan -- <file.graphql> [operationName] [--supergraph <file>] [--planner apollo|hive]');
    process.exit(2);
  }
  const { schemas } = loadSupergraph(readFileSync(supergraphPath, 'utf8'), planner as PlannerName);
  const compiled = compilePlan(schemas, parse(readFileSync(file, 'utf8')), operationName);
  // Apollo's printer knows Apollo's node kinds; a Hive plan (BatchFetch, type-conditioned paths) is shown as JSON.
  console.log(planner === 'apollo' ? prettyFormatQueryPlan(compiled.plan) : JSON.stringify(compiled.plan, null, 2));
  console.log('\nResponse shape (compiled once per plan):');
  console.log(printShape(compiled.defer?.shape ?? compiled.shape));
  console.log(`\nEstimated size in the plan cache: ${compiled.bytes} bytes`);
  // The project's access rules; another supergraph's are unknown, so every fetch reaching anything counts as logged for staff.
  const owned = supergraphPath === projectPath('schema', 'supergraph.graphql') ? customerDataRulesFrom(readSubgraphSdls().map((s) => s.sdl)).ownedTypes : undefined;
  console.log('\nEntity cache, warm (ENTITY_CACHE, docs/entity-cache.md):');
  for (const line of entityCachePlanReport(compiled.plan.node, compiled.supergraphSchema, owned ?? new Set(Object.keys(compiled.supergraphSchema.getTypeMap())))) console.log(`  ${line}`);
}

main();
