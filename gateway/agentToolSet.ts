import { basename } from 'node:path';
import { parse, type DocumentNode, type GraphQLError, type GraphQLSchema } from 'graphql';
import { readSubgraphSdls } from '../common/composition';
import type { Logger } from '../common/logger';
import { InvalidAgentToolsError, buildAgentTools, type AgentTool } from '../mcp/agentTools';
import type { ToolProblem } from '../mcp/toolFile';
import { NO_RULES, customerDataRulesFrom, refusalWithoutCustomer, type CustomerDataRules } from './auth/customerDataRules';
import { documentHash } from './persisted/documentHash';
import { TrustedDocuments } from './persisted/manifest';

export interface AgentToolSetOptions {
  /** AGENT_TOOLS: off serves no tool; required makes start-up fail unless every tool validates. */
  mode: 'on' | 'off' | 'required';
  dir: string;
  /** AGENT_TOOLS_ON_RELOAD: a served tool that stops validating on a new supergraph is kept as it was, or dropped. */
  onReload: 'keep' | 'drop';
  log: Logger;
  /** The subgraphs' access rules, to refuse a bot acting for no customer early; default: the project's SDLs under schema/. */
  customerData?: CustomerDataRules;
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
  /** Document hash -> why a bot acting for no customer may not send that tool (absent: it may). */
  private needsCustomer = new Map<string, () => GraphQLError>();
  private readonly customerData: CustomerDataRules;
  private loads = 0;
  /** Set when the first supergraph left a tool invalid under mode `required`: start-up fails with it. */
  startupError?: InvalidAgentToolsError;

  constructor(private readonly options: AgentToolSetOptions) {
    this.customerData = options.customerData ?? projectRules(options.log);
  }

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

  /** Why a bot acting for no customer may not send this (curated) document; undefined when it is public. */
  refusalWithoutCustomer(document: DocumentNode): GraphQLError | undefined {
    return this.needsCustomer.get(documentHash(document))?.();
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
    this.needsCustomer = new Map();
    for (const tool of this.served) {
      const refusal = refusalWithoutCustomer(apiSchema, parse(tool.query), this.customerData);
      if (refusal) this.needsCustomer.set(documentHash(tool.query), refusal);
    }
    const publicTools = this.served.filter((tool) => !this.needsCustomer.has(documentHash(tool.query))).map((tool) => tool.name);
    log.info({ tools: this.served.map((tool) => tool.name), publicTools, invalid: [...failing.keys()] }, 'agent tools checked against the supergraph');
  }
}

/** The access rules of the project's subgraphs; none (the subgraphs alone refuse) when their SDLs are not there. */
function projectRules(log: Logger): CustomerDataRules {
  try {
    return customerDataRulesFrom(readSubgraphSdls().map((subgraph) => subgraph.sdl));
  } catch (error) {
    log.warn({ err: error }, "the subgraphs' SDLs could not be read: bots acting for no customer are refused by the subgraphs only");
    return NO_RULES;
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
