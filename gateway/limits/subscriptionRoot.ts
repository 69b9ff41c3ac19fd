import {
  GraphQLError,
  Kind,
  SingleFieldSubscriptionsRule,
  specifiedRules,
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

const CONDITIONAL = new Set(['skip', 'include']);

/**
 * Whether a subscription's root selection (through its fragments) is conditional. graphql-js 16's
 * SingleFieldSubscriptionsRule evaluates @skip/@include there without variables and throws when the
 * condition is a variable (a 500 on /graphql and SSE, the whole WebSocket closed with 4500); the
 * GraphQL specification (and graphql-js 17) refuse such a document at validation instead.
 */
function conditionalRoot(selectionSet: SelectionSetNode, fragmentOf: (name: string) => FragmentDefinitionNode | undefined): boolean {
  const seen = new Set<string>();
  const pending = [selectionSet];
  while (pending.length > 0) {
    for (const selection of pending.pop()!.selections) {
      if (selection.directives?.some((directive) => CONDITIONAL.has(directive.name.value))) return true;
      if (selection.kind === Kind.INLINE_FRAGMENT) pending.push(selection.selectionSet);
      else if (selection.kind === Kind.FRAGMENT_SPREAD && !seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragmentOf(selection.name.value);
        if (fragment) pending.push(fragment.selectionSet);
      }
    }
  }
  return false;
}

function conditionalRootError(operation: OperationDefinitionNode): GraphQLError {
  const name = operation.name ? `Subscription "${operation.name.value}"` : 'Anonymous Subscription';
  return new GraphQLError(`${name} must not use @skip or @include in its top level selection`, { nodes: operation });
}

/**
 * SingleFieldSubscriptionsRule made safe: a conditional root is a validation error, and anything the
 * rule still throws as a GraphQLError is reported rather than thrown out of validation.
 */
export const SafeSingleFieldSubscriptionsRule: ValidationRule = (context: ValidationContext): ASTVisitor => {
  const inner = SingleFieldSubscriptionsRule(context) as { OperationDefinition(node: OperationDefinitionNode): void };
  return {
    OperationDefinition(node) {
      if (node.operation !== 'subscription') return;
      if (conditionalRoot(node.selectionSet, (name) => context.getFragment(name) ?? undefined)) {
        context.reportError(conditionalRootError(node));
        return;
      }
      try {
        inner.OperationDefinition(node);
      } catch (error) {
        if (!(error instanceof GraphQLError)) throw error;
        context.reportError(error);
      }
    },
  };
};

/** graphql-js's specified rules with SingleFieldSubscriptionsRule replaced by its safe form. */
export const VALIDATION_RULES: readonly ValidationRule[] = specifiedRules.map((rule) =>
  rule === SingleFieldSubscriptionsRule ? SafeSingleFieldSubscriptionsRule : rule,
);

/**
 * The same refusal for a document validated by code that runs graphql-js's own rules (Apollo Server):
 * checked before it gets there.
 */
export function conditionalSubscriptionRoot(document: DocumentNode): GraphQLError | undefined {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION && definition.operation === 'subscription' && conditionalRoot(definition.selectionSet, (name) => fragments.get(name))) {
      return conditionalRootError(definition);
    }
  }
  return undefined;
}
