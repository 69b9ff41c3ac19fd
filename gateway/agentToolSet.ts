import { basename } from 'node:path';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import type { Logger } from '../common/logger';
import { InvalidAgentToolsError, buildAgentTools, type AgentTool } from '../mcp/agentTools';
import type { ToolProblem } from '../mcp/toolFile';
import { documentHash } from './persisted/documentHash';
import { TrustedDocuments } from './persisted/manifest';

export interface AgentToolSetOptions {
  /** AGENT_TOOLS: off serves no tool; required makes start-up fail unless every tool validates. */
  mode: 'on' | 'off' | 'required';
  dir: string;
  /** AGENT_TOOLS_ON_RELOAD: a served tool that stops validating on a new supergraph is kept as it was, or dropped. */
  onReload: 'keep' | 'drop';
  log: Logger;
}

/**
 * The agent tools the gateway serves at /mcp, and the bot catalogue made of them, checked against
 * every supergraph the gateway loads. The tools are written for one schema; on any other supergraph
 * a tool that does not validate is reported (which tool, and why) and left out, and the graph keeps
 * serving: a tool is a feature of the graph, never a reason for the graph to stop.
 */
export class AgentToolSet {
  private served: AgentTool[] = [];
  private catalogue = new TrustedDocuments({});
  private loads = 0;
  /** Set when the first supergraph left a tool invalid under mode `required`: start-up fails with it. */
  startupError?: InvalidAgentToolsError;

  constructor(private readonly options: AgentToolSetOptions) {}

  get enabled(): boolean {
    return this.options.mode !== 'off';
  }

  /** The tools served now. */
  tools(): AgentTool[] {
    return this.served;
  }

  /** Whether a bot may send this document: it is one of the served tools' operations. */
  isTrustedDocument(document: DocumentNode): boolean {
    return this.catalogue.isTrustedDocument(document);
  }

  /** Checks the tools against a newly loaded supergraph's API schema (the first call: start-up). */
  load(apiSchema: GraphQLSchema): void {
    if (!this.enabled) return;
    const { log, mode, onReload, dir } = this.options;
    const first = this.loads++ === 0;
    const { tools, problems } = buildAgentTools(apiSchema, dir);
    const valid = new Map(tools.map((tool) => [tool.name, tool]));
    const failing = byTool(problems);
    if (first && mode === 'required' && problems.length > 0) this.startupError = new InvalidAgentToolsError(problems);
    const kept: AgentTool[] = [];
    for (const [tool, reasons] of failing) {
      const previous = first ? undefined : this.served.find((served) => served.name === tool);
      if (previous && onReload === 'keep') kept.push(previous);
      const outcome = !previous ? 'left out' : onReload === 'keep' ? 'kept as it last validated' : 'dropped';
      log.warn({ tool, problems: reasons, dir }, `agent tool ${tool} does not validate against the supergraph: ${outcome}`);
    }
    this.served = [...valid.values(), ...kept].sort((a, b) => a.name.localeCompare(b.name));
    this.catalogue = new TrustedDocuments(Object.fromEntries(this.served.map((tool) => [documentHash(tool.query), tool.query])));
    log.info({ tools: this.served.map((tool) => tool.name), invalid: [...failing.keys()] }, 'agent tools checked against the supergraph');
  }
}

/** Problems grouped by the tool (file name) they belong to, each as `file:line: message`. */
function byTool(problems: ToolProblem[]): Map<string, string[]> {
  const grouped = new Map<string, string[]>();
  for (const problem of problems) {
    // A problem with the folder itself (missing, empty) is the whole catalogue's.
    const tool = problem.file.endsWith('.graphql') ? basename(problem.file, '.graphql') : `(catalogue ${problem.file})`;
    const text = `${problem.file}${problem.line ? `:${problem.line}` : ''}: ${problem.message}`;
    grouped.set(tool, [...(grouped.get(tool) ?? []), text]);
  }
  return grouped;
}
