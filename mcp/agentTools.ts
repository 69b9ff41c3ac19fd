import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { print, validate, type GraphQLSchema } from 'graphql';
import { compileArgumentCheck, type ArgumentCheck } from './argumentCheck';
import { buildToolInput, type ToolInput } from './inputSchema';
import { listPaths } from './responsePaths';
import { DEFAULT_MAX_ITEMS } from './shapeResult';
import { readToolFile, type ToolFile, type ToolProblem } from './toolFile';
import { PROJECT_ROOT, projectPath } from '../common/paths';

/** Where the tools live: one operation file per tool. */
export const AGENT_OPERATIONS_DIR = projectPath('schema', 'operations', 'agent');

export interface ToolAnnotations {
  title: string;
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  /** The tools reach only this graph, a closed world. */
  openWorldHint: false;
}

export interface AgentTool {
  name: string;
  title: string;
  description: string;
  file: string;
  operationName: string;
  /** The operation as sent to the gateway (comments dropped). */
  query: string;
  inputSchema: ToolInput['schema'];
  guarded: string[];
  annotations: ToolAnnotations;
  checkArguments: ArgumentCheck;
  shaping: { maxItems: number; keepLast: string[] };
}

export class InvalidAgentToolsError extends Error {
  override name = 'InvalidAgentToolsError';
  constructor(readonly problems: ToolProblem[]) {
    super(`Invalid agent tool operations; the MCP server does not start:\n${problems.map(formatProblem).join('\n')}`);
  }
}

export function formatProblem(problem: ToolProblem): string {
  return `  ${problem.file}${problem.line ? `:${problem.line}` : ''}: ${problem.message}`;
}

/** Every problem with the tool operations, against the graph's API schema; empty when all are valid. */
export function validateAgentOperations(apiSchema: GraphQLSchema, dir: string = AGENT_OPERATIONS_DIR): ToolProblem[] {
  return buildAgentTools(apiSchema, dir).problems;
}

/** The tools, or an InvalidAgentToolsError naming every invalid file: an invalid tool stops start-up. */
export function loadAgentTools(apiSchema: GraphQLSchema, dir: string = AGENT_OPERATIONS_DIR): AgentTool[] {
  const { tools, problems } = buildAgentTools(apiSchema, dir);
  if (problems.length > 0) throw new InvalidAgentToolsError(problems);
  return tools;
}

/** The tools that validate against the schema, and every problem of the others. */
export function buildAgentTools(apiSchema: GraphQLSchema, dir: string = AGENT_OPERATIONS_DIR): { tools: AgentTool[]; problems: ToolProblem[] } {
  const problems: ToolProblem[] = [];
  const tools: AgentTool[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir).filter((entry) => entry.endsWith('.graphql')).sort();
  } catch (error) {
    return { tools, problems: [{ file: dir, message: `cannot read the tool directory: ${(error as Error).message}` }] };
  }
  if (entries.length === 0) problems.push({ file: dir, message: 'holds no .graphql tool operation' });
  for (const entry of entries) {
    const path = relative(PROJECT_ROOT, join(dir, entry)) || entry;
    const read = readToolFile(readFileSync(join(dir, entry), 'utf8'), path);
    if (!read.ok) {
      problems.push(...read.problems);
      continue;
    }
    const built = buildTool(apiSchema, read.file);
    if ('problems' in built) problems.push(...built.problems);
    else tools.push(built.tool);
  }
  const seen = new Map<string, string>();
  for (const tool of tools) {
    const earlier = seen.get(tool.name);
    if (earlier) problems.push({ file: tool.file, message: `tool name ${tool.name} is already taken by ${earlier}` });
    seen.set(tool.name, tool.file);
  }
  return { tools, problems };
}

function buildTool(apiSchema: GraphQLSchema, file: ToolFile): { tool: AgentTool } | { problems: ToolProblem[] } {
  const problems: ToolProblem[] = [];
  const line = file.operation.loc?.startToken.line;
  const problem = (message: string) => problems.push({ file: file.path, line, message });
  const operationName = file.operation.name?.value;
  if (!operationName || !/^[A-Z][A-Za-z0-9]*$/.test(operationName)) {
    problem(`name the operation in PascalCase (the tool is its snake_case), got ${operationName ?? 'no name'}`);
    return { problems };
  }
  const name = snakeCase(operationName);
  if (basename(file.path) !== `${name}.graphql`) problem(`name the file after its tool ${name}: ${name}.graphql`);
  for (const error of validate(apiSchema, file.document)) {
    const at = error.locations?.[0];
    problems.push({ file: file.path, line: at?.line, message: error.message });
  }
  if (problems.length > 0) return { problems }; // the rest reads the operation through the schema
  const kind = file.operation.operation;
  if (kind === 'subscription') problem('a tool is a query or a mutation, not a subscription');
  if (kind === 'mutation' && !file.annotations) {
    problem('a mutation must say how it changes data: "# @annotations: idempotent=<true|false> destructive=<true|false>"');
  }
  if (kind === 'query' && file.annotations) problem('a query is read-only and idempotent: remove its @annotations line');
  const lists = listPaths(apiSchema, file.document, file.operation);
  for (const path of file.keepLast) {
    if (!lists.has(path)) problem(`@keepLast ${path} is no list in the result; lists: ${[...lists].join(', ') || 'none'}`);
  }
  const { input, problems: inputProblems } = buildToolInput(apiSchema, file);
  problems.push(...inputProblems);
  if (!input || problems.length > 0) return { problems };

  const title = name.charAt(0).toUpperCase() + name.slice(1).replace(/_/g, ' ');
  const changes = kind === 'mutation' ? file.annotations! : undefined;
  return {
    tool: {
      name,
      title,
      description: file.description,
      file: file.path,
      operationName,
      query: print(file.document),
      inputSchema: input.schema,
      guarded: input.guarded,
      annotations: {
        title,
        readOnlyHint: !changes,
        destructiveHint: changes?.destructive ?? false,
        idempotentHint: changes?.idempotent ?? true,
        openWorldHint: false,
      },
      checkArguments: compileArgumentCheck(input.schema),
      shaping: { maxItems: file.maxItems ?? DEFAULT_MAX_ITEMS, keepLast: file.keepLast },
    },
  };
}

/** FindCustomer -> find_customer, OrderStatusV2 -> order_status_v2. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}
