import { createHash } from 'node:crypto';
import {
  Kind,
  print,
  separateOperations,
  stripIgnoredCharacters,
  visit,
  type ASTNode,
  type DefinitionNode,
  type DocumentNode,
  type OperationDefinitionNode,
} from 'graphql';

/**
 * An operation's normalized signature: the operation and the fragments it uses, with every literal
 * value replaced by an empty one of its kind (a string, a number or an object a client wrote into the
 * document may hold a customer's e-mail or name), aliases dropped (they are free text too), selections,
 * arguments and definitions sorted, ignored characters stripped. Two clients sending the same shape
 * with different values, aliases or layout get the same signature.
 */
export function operationSignature(document: DocumentNode, operation: OperationDefinitionNode): string {
  const name = operation.name?.value ?? '';
  // separateOperations keeps the named operation with exactly the fragments it spreads.
  const own = name ? separateOperations(document)[name] : { kind: Kind.DOCUMENT, definitions: [operation, ...fragmentsOf(document)] };
  const stripped = visit(own as DocumentNode, {
    IntValue: (node) => ({ ...node, value: '0' }),
    FloatValue: (node) => ({ ...node, kind: Kind.INT, value: '0' }),
    StringValue: (node) => ({ ...node, value: '', block: false }),
    BooleanValue: (node) => ({ ...node, value: false }),
    ListValue: (node) => ({ ...node, values: [] }),
    ObjectValue: (node) => ({ ...node, fields: [] }),
    Field: (node) => ({ ...node, alias: undefined }),
    SelectionSet: { leave: (node) => ({ ...node, selections: sortedBy(node.selections) }) },
    OperationDefinition: { leave: (node) => ({ ...node, variableDefinitions: sortedBy(node.variableDefinitions ?? []) }) },
    Document: { leave: (node) => ({ ...node, definitions: sortedBy(node.definitions as DefinitionNode[]) }) },
  });
  // Arguments are sorted after the values are stripped (a printed argument then says only its name and kind).
  const sortedArguments = visit(stripped, {
    Field: { leave: (node) => ({ ...node, arguments: sortedBy(node.arguments ?? []) }) },
    Directive: { leave: (node) => ({ ...node, arguments: sortedBy(node.arguments ?? []) }) },
  });
  return stripIgnoredCharacters(print(sortedArguments));
}

/** A short stable id of a signature: what the usage store keys counts by. */
export function signatureId(signature: string): string {
  return createHash('sha256').update(signature).digest('hex').slice(0, 32);
}

function fragmentsOf(document: DocumentNode): DefinitionNode[] {
  return document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION);
}

function sortedBy<T extends ASTNode>(nodes: readonly T[]): T[] {
  return nodes
    .map((node) => ({ node, key: print(node) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ node }) => node);
}
