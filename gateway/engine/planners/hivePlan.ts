import type { FetchDataRewrite, FetchNode, PlanNode, QueryPlan, QueryPlanSelectionNode, SubscriptionNode } from '@apollo/query-planner';
import type * as Hive from '@graphql-hive/router-query-planner';
import { OperationTypeNode } from 'graphql';
import type { BatchFetchNode, BatchFetchAlias } from './batchFetch';
import { typeConditionSegment } from './typeCondition';

/**
 * A Hive Router plan in the engine's plan shape. The node kinds are Apollo's, with three differences
 * the engine executes too: BatchFetch (one subgraph request answering several entity fetches through
 * aliased `_entities` fields, batchFetch.ts), flatten paths with type conditions (written `|[A,B]`,
 * as Apollo Router prints them; typeCondition.ts), and rewrite paths naming several types (one
 * rewrite per type here). A subscription's plan comes as a sequence whose first node is the
 * subscription: its primary fetch, then the rest.
 */
export function toEnginePlan(plan: Hive.QueryPlan): QueryPlan {
  if (!plan.node) return { kind: 'QueryPlan' };
  if (plan.node.kind === 'Subscription') return { kind: 'QueryPlan', node: subscription(plan.node, []) };
  if (plan.node.kind === 'Sequence' && plan.node.nodes[0]?.kind === 'Subscription') {
    const [first, ...rest] = plan.node.nodes;
    return { kind: 'QueryPlan', node: subscription(first as Hive.SubscriptionNode, rest) };
  }
  return { kind: 'QueryPlan', node: planNode(plan.node) };
}

function subscription(node: Hive.SubscriptionNode, rest: Hive.PlanNode[]): SubscriptionNode {
  const converted = rest.map(planNode);
  return { kind: 'Subscription', primary: fetch(node.primary), rest: converted.length > 1 ? { kind: 'Sequence', nodes: converted } : converted[0] };
}

function planNode(node: Hive.PlanNode): PlanNode {
  switch (node.kind) {
    case 'Sequence':
      return { kind: 'Sequence', nodes: node.nodes.map(planNode) };
    case 'Parallel':
      return { kind: 'Parallel', nodes: node.nodes.map(planNode) };
    case 'Flatten':
      return { kind: 'Flatten', path: node.path.map(flattenSegment), node: planNode(node.node) };
    case 'Fetch':
      return fetch(node);
    case 'BatchFetch':
      // Executed by executeNode's BatchFetch case (execute.ts); typed apart from Apollo's nodes.
      return batchFetch(node) as unknown as PlanNode;
    case 'Condition':
      return { kind: 'Condition', condition: node.condition, ifClause: node.ifClause && planNode(node.ifClause), elseClause: node.elseClause && planNode(node.elseClause) };
    case 'Defer':
      return {
        kind: 'Defer',
        primary: { subselection: node.primary.subselection, node: node.primary.node && planNode(node.primary.node) },
        deferred: node.deferred.map((d) => ({ depends: d.depends, label: d.label, queryPath: d.queryPath, subselection: d.subselection, node: d.node && planNode(d.node) })),
      };
    case 'Subscription':
      throw new Error('A subscription node inside a plan: not supported');
  }
}

function fetch(node: Omit<Hive.FetchNode, 'kind'>): FetchNode {
  return {
    kind: 'Fetch',
    serviceName: node.serviceName,
    variableUsages: node.variableUsages,
    requires: node.requires?.map(requires),
    operation: node.operation,
    operationName: node.operationName,
    operationKind: operationKind(node.operationKind),
    inputRewrites: withAliasRenames(node.requires, rewrites(node.inputRewrites)),
    outputRewrites: rewrites(node.outputRewrites),
  };
}

function batchFetch(node: Hive.BatchFetchNode): BatchFetchNode {
  const aliases: BatchFetchAlias[] = node.entityBatch.aliases.map((alias) => ({
    alias: alias.alias,
    representationsVariableName: alias.representationsVariableName,
    paths: alias.paths.map((path) => path.map(flattenSegment)),
    requires: alias.requires.map(requires),
    inputRewrites: withAliasRenames(alias.requires, rewrites(alias.inputRewrites)),
    outputRewrites: rewrites(alias.outputRewrites),
  }));
  return { kind: 'BatchFetch', serviceName: node.serviceName, variableUsages: node.variableUsages, operation: node.operation, operationName: node.operationName, aliases };
}

function operationKind(kind: Hive.FetchNode['operationKind']): OperationTypeNode {
  return kind === 'mutation' ? OperationTypeNode.MUTATION : kind === 'subscription' ? OperationTypeNode.SUBSCRIPTION : OperationTypeNode.QUERY;
}

function flattenSegment(segment: Hive.FlattenNodePathSegment): string {
  if (segment === '@') return '@';
  if ('Field' in segment) return segment.Field;
  return typeConditionSegment(segment.TypeCondition);
}

/**
 * An entity's representation: the same selections as Apollo's, which has no conditional fragments nor
 * spreads. A field with an alias is the other way round from Apollo's: Hive reads the entity's `name`
 * (a key the planner made up, `_internal_qp_alias_0`, fetched for it) and sends it as `alias` (the
 * field the subgraph's @requires names). Here it is read by its name, then renamed (withAliasRenames).
 */
function requires(selection: Hive.RequiresSelection): QueryPlanSelectionNode {
  switch (selection.kind) {
    case 'Field':
      return { kind: 'Field', name: selection.name, selections: selection.selections?.map(requires) };
    case 'InlineFragment':
      if (selection.skipIf || selection.includeIf) throw new Error(`A conditional fragment in an entity representation (on ${selection.typeCondition}): not supported`);
      return { kind: 'InlineFragment', typeCondition: selection.typeCondition, selections: selection.selections.map(requires) };
    case 'FragmentSpread':
      throw new Error(`A fragment spread in an entity representation (${selection.value}): not supported`);
  }
}

/** The renames of aliased fields of a representation, deepest first, before the planner's own input rewrites (which name the aliases). */
function withAliasRenames(selections: Hive.RequiresSelection[] | undefined, given: FetchDataRewrite[] | undefined): FetchDataRewrite[] | undefined {
  const renames: FetchDataRewrite[] = [];
  const walk = (list: Hive.RequiresSelection[], path: string[]) => {
    for (const selection of list) {
      if (selection.kind === 'InlineFragment') walk(selection.selections, [...path, `... on ${selection.typeCondition}`]);
      else if (selection.kind === 'Field') {
        if (selection.selections) walk(selection.selections, [...path, selection.name]);
        if (selection.alias && selection.alias !== selection.name) renames.push({ kind: 'KeyRenamer', path: [...path, selection.name], renameKeyTo: selection.alias });
      }
    }
  };
  walk(selections ?? [], []);
  return renames.length ? [...renames, ...(given ?? [])] : given;
}

/** Rewrite paths name fields and `... on Type`; a step naming several types becomes one rewrite per type. */
function rewrites(given: Hive.FetchRewrite[] | undefined): FetchDataRewrite[] | undefined {
  if (!given?.length) return undefined;
  return given.flatMap((rewrite): FetchDataRewrite[] => {
    if ('KeyRenamer' in rewrite) return paths(rewrite.KeyRenamer.path).map((path) => ({ kind: 'KeyRenamer', path, renameKeyTo: rewrite.KeyRenamer.renameKeyTo }));
    const setter = 'ValueSetter' in rewrite ? rewrite.ValueSetter : rewrite;
    return paths(setter.path).map((path) => ({ kind: 'ValueSetter', path, setValueTo: setter.setValueTo }));
  });
}

function paths(segments: Hive.FetchNodePathSegment[]): string[][] {
  let result: string[][] = [[]];
  for (const segment of segments) {
    const steps = 'Key' in segment ? [segment.Key] : segment.TypenameEquals.map((type) => `... on ${type}`);
    result = result.flatMap((path) => steps.map((step) => [...path, step]));
  }
  return result;
}

