import { GraphQLError, Kind, parse, Source, type DocumentNode, type OperationDefinitionNode } from 'graphql';

/**
 * One file of schema/operations/agent/ read as a tool: its operation and the header of `#` lines above it.
 * Header lines starting with `@` are settings (below); every other header line is the tool's description.
 *
 *   # @param <variable>: <text>      describes an argument the schema leaves undescribed
 *   # @annotations: idempotent=<true|false> destructive=<true|false>   required on a mutation
 *   # @oneOf                          exactly one argument must be given (like GraphQL's @oneOf inputs)
 *   # @keepLast: <path>[, <path>]     lists at these response paths are cut from the front (oldest-first lists)
 *   # @maxItems: <n>                  longest list in the result before it is cut (default 10)
 */
export interface ToolFile {
  /** Path as shown in messages. */
  path: string;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  description: string;
  params: Map<string, string>;
  annotations?: { idempotent: boolean; destructive: boolean };
  oneOf: boolean;
  keepLast: string[];
  maxItems?: number;
}

export interface ToolProblem {
  file: string;
  line?: number;
  message: string;
}

export type ToolFileRead = { ok: true; file: ToolFile } | { ok: false; problems: ToolProblem[] };

const SETTING = /^@(\w+)\s*:?\s*(.*)$/;

export function readToolFile(text: string, path: string): ToolFileRead {
  const problems: ToolProblem[] = [];
  const problem = (message: string, line?: number) => problems.push({ file: path, line, message });

  let document: DocumentNode;
  try {
    document = parse(new Source(text, path));
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    return { ok: false, problems: [{ file: path, line: error.locations?.[0]?.line, message: error.message }] };
  }
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1) {
    problem(`a tool file holds exactly one operation, found ${operations.length}`);
    return { ok: false, problems };
  }
  const operation = operations[0];

  const header = leadingComments(text);
  const prose: string[] = [];
  const params = new Map<string, string>();
  let annotations: ToolFile['annotations'];
  let oneOf = false;
  let keepLast: string[] = [];
  let maxItems: number | undefined;
  for (const { line, content } of header) {
    const setting = SETTING.exec(content);
    if (!setting) {
      prose.push(content);
      continue;
    }
    const [, key, value = ''] = setting;
    switch (key) {
      case 'param': {
        const param = /^\$?(\w+)\s*:\s*(\S.*)$/.exec(value);
        if (!param) problem('write "# @param <variable>: <description>"', line);
        else params.set(param[1], param[2].trim());
        break;
      }
      case 'annotations': {
        const parsed = parseAnnotations(value);
        if (typeof parsed === 'string') problem(parsed, line);
        else annotations = parsed;
        break;
      }
      case 'oneOf':
        oneOf = true;
        break;
      case 'keepLast':
        keepLast = value.split(',').map((p) => p.trim()).filter(Boolean);
        if (keepLast.length === 0) problem('write "# @keepLast: <response path>[, <response path>]"', line);
        break;
      case 'maxItems':
        maxItems = Number(value);
        if (!Number.isInteger(maxItems) || maxItems < 1) problem(`@maxItems must be a whole number >= 1, got "${value}"`, line);
        break;
      default:
        problem(`unknown header setting @${key}; known: @param, @annotations, @oneOf, @keepLast, @maxItems`, line);
    }
  }
  const description = paragraphs(prose);
  if (!description) problem('the operation needs a description: the "#" comment lines above it', operation.loc?.startToken.line);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, file: { path, document, operation, description, params, annotations, oneOf, keepLast, maxItems } };
}

/** The `#` lines before the first definition, with their line numbers; blank `#` lines separate paragraphs. */
function leadingComments(text: string): Array<{ line: number; content: string }> {
  const lines = text.split(/\r?\n/);
  const comments: Array<{ line: number; content: string }> = [];
  for (let index = 0; index < lines.length; index++) {
    const trimmed = lines[index].trim();
    if (trimmed === '') continue;
    if (!trimmed.startsWith('#')) break;
    comments.push({ line: index + 1, content: trimmed.replace(/^#+\s?/, '').trim() });
  }
  return comments;
}

function paragraphs(lines: string[]): string {
  return lines
    .join('\n')
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.split('\n').join(' ').trim())
    .filter(Boolean)
    .join('\n\n');
}

function parseAnnotations(value: string): { idempotent: boolean; destructive: boolean } | string {
  const usage = 'write "# @annotations: idempotent=<true|false> destructive=<true|false>"';
  const found: Record<string, boolean> = {};
  for (const pair of value.split(/\s+/).filter(Boolean)) {
    const match = /^(idempotent|destructive)=(true|false)$/.exec(pair);
    if (!match) return `cannot read "${pair}": ${usage}`;
    found[match[1]] = match[2] === 'true';
  }
  if (found.idempotent === undefined || found.destructive === undefined) return usage;
  return { idempotent: found.idempotent, destructive: found.destructive };
}
