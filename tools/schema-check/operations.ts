import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  getNamedType,
  GraphQLError,
  isEnumType,
  isInputObjectType,
  Kind,
  parse,
  Source,
  typeFromAST,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
  type ASTNode,
  type DocumentNode,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { plural, type Finding, type OperationUse, type StepOutcome } from './findings';
import { displayPath } from './subgraphFiles';

/** One file of the operation catalogue: what a front-end, till or agent tool actually sends. */
export interface CatalogueFile {
  path: string;
  document: DocumentNode;
  operations: string[];
}

export interface Catalogue {
  files: CatalogueFile[];
  findings: Finding[];
}

/** Reads schema/operations/**\/*.graphql; parse errors, unnamed and duplicate operations are findings. */
export function loadCatalogue(operationsDir: string, rootDir: string): Catalogue {
  const findings: Finding[] = [];
  const files: CatalogueFile[] = [];
  const shown = displayPath(rootDir, operationsDir);
  if (!existsSync(operationsDir)) {
    findings.push({
      step: 'operations',
      severity: 'warning',
      code: 'NO_OPERATION_CATALOGUE',
      message: `${shown} does not exist: no client operation is checked against the schema.`,
      fix: `Add the operations your clients send to ${shown}/<client>/<operation>.graphql.`,
    });
    return { files, findings };
  }
  const firstUse = new Map<string, string>();
  for (const absolute of graphqlFiles(operationsDir)) {
    const path = displayPath(rootDir, absolute);
    let document: DocumentNode;
    try {
      document = parse(new Source(readFileSync(absolute, 'utf8'), path));
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      findings.push(operationFinding('INVALID_OPERATION', `${path}: ${error.message}`, error, path, 'Correct the GraphQL syntax of the operation.'));
      continue;
    }
    const operations: string[] = [];
    for (const definition of document.definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
      const at = locationOf(definition, path);
      const name = definition.name?.value;
      if (!name) {
        findings.push({ step: 'operations', severity: 'error', code: 'UNNAMED_OPERATION', message: `${path}: an operation has no name.`, fix: 'Name it after the client and the screen or tool that sends it, e.g. ShopOrderPage.', location: at });
        continue;
      }
      const earlier = firstUse.get(name);
      if (earlier) {
        findings.push({ step: 'operations', severity: 'error', code: 'DUPLICATE_OPERATION_NAME', message: `${name}: the name is already used by ${earlier}.`, fix: 'Give every catalogued operation its own name: reports and usage refer to operations by name.', location: at });
      } else {
        firstUse.set(name, `${path}:${at?.line ?? 1}`);
      }
      operations.push(name);
    }
    files.push({ path, document, operations });
  }
  return { files, findings };
}

/** Step 4: every catalogued operation must validate against the new API schema. */
export function validateCatalogue(catalogue: Catalogue, schema: GraphQLSchema): StepOutcome {
  const findings: Finding[] = [...catalogue.findings];
  let invalid = 0;
  for (const file of catalogue.files) {
    const errors = validate(schema, file.document);
    if (errors.length > 0) invalid++;
    for (const error of errors) {
      const operation = enclosingDefinition(file.document, error.positions?.[0]);
      findings.push(operationFinding('INVALID_OPERATION', `${operation ?? file.path}: ${error.message}`, error, file.path));
    }
  }
  const count = catalogue.files.reduce((n, f) => n + f.operations.length, 0);
  return { findings, summary: `${plural(count, 'operation')} in ${plural(catalogue.files.length, 'file')}, ${invalid} invalid` };
}

/**
 * Which operations touch which schema coordinate: Type, Type.field, Type.field.argument (every argument of a
 * selected field, since a new required one breaks the call), Input.field and Enum.VALUE (every value of an
 * enum the operation reads or sends). Built against the base schema so removed coordinates still resolve.
 */
export function usageIndex(catalogue: Catalogue, schema: GraphQLSchema): Map<string, OperationUse[]> {
  const index = new Map<string, OperationUse[]>();
  for (const file of catalogue.files) {
    for (const definition of file.document.definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION && definition.kind !== Kind.FRAGMENT_DEFINITION) continue;
      // A fragment counts for the operations of its file: catalogue files are self-contained.
      const users = definition.kind === Kind.OPERATION_DEFINITION ? [definition.name?.value ?? file.path] : file.operations;
      const record = (coordinate: string, node: ASTNode) => {
        const line = node.loc?.startToken.line ?? 1;
        for (const operation of users) {
          const uses = index.get(coordinate) ?? [];
          if (!uses.some((u) => u.operation === operation)) uses.push({ operation, file: file.path, line });
          index.set(coordinate, uses);
        }
      };
      const recordType = (type: GraphQLNamedType, node: ASTNode, seen = new Set<string>()) => {
        if (seen.has(type.name)) return;
        seen.add(type.name);
        record(type.name, node);
        if (isEnumType(type)) for (const value of type.getValues()) record(`${type.name}.${value.name}`, node);
        if (isInputObjectType(type)) {
          for (const field of Object.values(type.getFields())) {
            record(`${type.name}.${field.name}`, node);
            recordType(getNamedType(field.type), node, seen);
          }
        }
      };
      const typeInfo = new TypeInfo(schema);
      visit(
        definition,
        visitWithTypeInfo(typeInfo, {
          Field(node) {
            const parent = typeInfo.getParentType();
            const field = typeInfo.getFieldDef();
            if (!parent || !field || node.name.value.startsWith('__')) return;
            record(`${parent.name}.${field.name}`, node);
            for (const argument of field.args) record(`${parent.name}.${field.name}.${argument.name}`, node);
            recordType(getNamedType(field.type), node);
          },
          VariableDefinition(node) {
            const type = typeFromAST(schema, node.type);
            if (type) recordType(getNamedType(type), node);
          },
          Argument(node) {
            const argument = typeInfo.getArgument();
            if (argument) recordType(getNamedType(argument.type), node);
          },
          InlineFragment(node) {
            const type = node.typeCondition && schema.getType(node.typeCondition.name.value);
            if (type) record(type.name, node);
          },
        }),
      );
    }
  }
  return index;
}

function graphqlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) return graphqlFiles(path);
      return entry.endsWith('.graphql') ? [path] : [];
    });
}

function enclosingDefinition(document: DocumentNode, position: number | undefined): string | undefined {
  if (position === undefined) return undefined;
  const definition = document.definitions.find((d) => d.loc && d.loc.start <= position && position <= d.loc.end);
  return definition && 'name' in definition ? definition.name?.value : undefined;
}

function locationOf(node: ASTNode, file: string) {
  const token = node.loc?.startToken;
  return token ? { file, line: token.line, column: token.column } : undefined;
}

const INVALID_FIX = 'Keep the schema compatible (add the new shape, deprecate the old one) or update this operation and the client that sends it.';

function operationFinding(code: string, message: string, error: GraphQLError, file: string, fix = INVALID_FIX): Finding {
  const at = error.locations?.[0];
  return {
    step: 'operations',
    severity: 'error',
    code,
    message,
    fix,
    location: at ? { file, line: at.line, column: at.column } : undefined,
  };
}
