import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { GraphQLSchema } from 'graphql';
import { validateAgentOperations } from '../../mcp/agentTools';
import { loadRules } from './config';
import { composeStep, type Composed } from './compose';
import { diffStep, readBaseSchema, type Base, type BaseSchema } from './diff';
import { driftStep, type SubgraphUrls } from './drift';
import { eventsStep, type EventContract } from './eventCoverage';
import {
  skipped,
  STEP_ORDER,
  stepResult,
  UsageError,
  type CheckReport,
  type ClassifiedChange,
  type Finding,
  type StepName,
  type StepOutcome,
} from './findings';
import { loadCatalogue, usageIndex, validateCatalogue } from './operations';
import { readOwnership } from './ownership';
import { rulesStep } from './rules';
import { displayPath, readSubgraphFiles } from './subgraphFiles';
import { trafficUsage, type TrafficOptions, type TrafficUsage } from './usage/traffic';
import { readUsageSource } from './usage/usageExport';

export type { Base } from './diff';

export interface CheckOptions {
  /** The directory holding <subgraph>.graphql, supergraph.graphql, schema-rules.json and operations/. */
  schemaDir: string;
  base: Base;
  /** Default: <schemaDir>/operations. */
  operationsDir?: string;
  /** Default: <schemaDir>/schema-rules.json. */
  rulesFile?: string;
  /** Paths in the report are relative to it. Default: the parent of schemaDir. */
  rootDir?: string;
  /** Running subgraphs to compare with their files; none: the drift step is skipped. */
  subgraphUrls?: SubgraphUrls;
  /** The recorded reason that lets breaking changes pass. */
  allowBreaking?: string;
  fetchTimeoutMs?: number;
  /** Which mutations record which events, and what they invalidate; default the project's (tools/schema-check/eventCoverage.ts). */
  eventContract?: EventContract;
  /** Real traffic beside the catalogue (--usage): an exported file or a store. */
  usage?: UsageOptions;
}

export interface UsageOptions extends TrafficOptions {
  /** An exported JSON file, a folder store or a postgres:// URL. */
  source: string;
  /** --window in ms (default: a file's own window; 30 days for a store). */
  windowMs?: number;
  /** The end of a store's window (default: now). */
  now?: Date;
  /** Relative sources are found from here (default: the process's directory). */
  cwd?: string;
}

/** The whole check on one schema directory, in-process: no git, no process exit. */
export async function runCheck(options: CheckOptions): Promise<CheckReport> {
  const rootDir = options.rootDir ?? dirname(options.schemaDir);
  const rulesFile = options.rulesFile ?? join(options.schemaDir, 'schema-rules.json');
  const rulesPath = displayPath(rootDir, rulesFile);
  const rules = loadRules(rulesFile, rulesPath);
  if (options.allowBreaking !== undefined && options.allowBreaking.trim() === '') {
    throw new UsageError('--allow-breaking needs a reason, e.g. --allow-breaking "Customer.fax: no client has read it since 2025"');
  }
  const outcomes = new Map<StepName, StepOutcome>();
  const traffic = options.usage ? await readTraffic(options.usage) : undefined;

  const { files, findings: fileFindings } = readSubgraphFiles(options.schemaDir, rootDir);
  let composed: Composed | undefined;
  if (fileFindings.some((f) => f.severity === 'error')) {
    outcomes.set('compose', { findings: fileFindings, summary: 'not composed: a subgraph SDL cannot be read' });
  } else {
    const result = composeStep(files, options.schemaDir, rootDir);
    composed = result.composed;
    outcomes.set('compose', { ...result.outcome, findings: [...fileFindings, ...result.outcome.findings] });
  }

  // On the subgraph files, not the composition: a mutation's events are its owner's business.
  const filesUnreadable = fileFindings.some((f) => f.severity === 'error');
  outcomes.set('events', filesUnreadable ? skipped('skipped (a subgraph SDL cannot be read)') : eventsStep(files, options.eventContract));
  outcomes.set('drift', await driftStep(files, options.subgraphUrls ?? {}, options.fetchTimeoutMs));

  const operationsDir = options.operationsDir ?? join(options.schemaDir, 'operations');
  const catalogue = loadCatalogue(operationsDir, rootDir);
  const base = readBase(options.base);
  let changes: ClassifiedChange[] = [];
  let acknowledgement: CheckReport['acknowledgement'];

  if (!composed) {
    const notComposed = 'skipped (composition failed)';
    outcomes.set('diff', skipped(notComposed));
    outcomes.set('operations', { findings: catalogue.findings, summary: notComposed, skipped: true });
    outcomes.set('rules', skipped(notComposed));
  } else {
    const ownership = readOwnership(composed.supergraphSdl);
    if ('schema' in base) {
      const usage = usageIndex(catalogue, base.schema.api);
      const diffed = await diffStep({
        baseLabel: options.base.label,
        base: base.schema,
        api: composed.apiSchema,
        ownership,
        usage,
        traffic,
        rules,
        allowBreaking: options.allowBreaking,
      });
      outcomes.set('diff', diffed.outcome);
      changes = diffed.changes;
      acknowledgement = diffed.acknowledgement;
    } else {
      outcomes.set('diff', base.outcome);
    }
    outcomes.set('operations', withAgentTools(validateCatalogue(catalogue, composed.apiSchema), composed.apiSchema, operationsDir, rootDir));
    const context = { ownership, rules, files, rulesPath };
    outcomes.set('rules', rulesStep(composed.apiSchema, context, 'schema' in base ? base.schema.ownership : undefined));
  }

  const steps = STEP_ORDER.map((step) => stepResult(step, outcomes.get(step)!));
  const findings: Finding[] = STEP_ORDER.flatMap((step) => outcomes.get(step)!.findings);
  return {
    ok: !findings.some((f) => f.severity === 'error'),
    base: options.base.label,
    steps,
    findings,
    changes,
    acknowledgement,
    ...(traffic ? { usage: { source: traffic.label, from: traffic.from, to: traffic.to, requests: traffic.requests, clients: traffic.clients } } : {}),
  };
}

async function readTraffic(options: UsageOptions): Promise<TrafficUsage> {
  const usage = await readUsageSource(options.source, options.windowMs, options.now ?? new Date(), options.cwd ?? process.cwd());
  return trafficUsage(usage, /^postgres/i.test(options.source) ? 'the usage store' : options.source, options);
}

/** The base schema, or the diff step's outcome when there is none to compare with. */
function readBase(base: Base): { schema: BaseSchema } | { outcome: StepOutcome } {
  if (base.kind === 'none') return { outcome: skipped(`skipped (${base.reason})`) };
  try {
    return { schema: readBaseSchema(base.sdl) };
  } catch (error) {
    const finding: Finding = {
      step: 'diff',
      severity: 'error',
      code: 'BASE_UNREADABLE',
      message: `The base schema ${base.label} cannot be read: ${(error as Error).message}`,
      fix: 'Point --base or --base-file at a supergraph SDL (schema/supergraph.graphql) or an API schema SDL.',
    };
    return { outcome: { findings: [finding], summary: `base ${base.label} unreadable` } };
  }
}

/**
 * The agent tools' own rules (name, description, annotations, hidden variables) on top of plain
 * validation: the MCP server refuses to start on any of these, so the check refuses them first.
 */
function withAgentTools(outcome: StepOutcome, api: GraphQLSchema, operationsDir: string, rootDir: string): StepOutcome {
  const agentDir = join(operationsDir, 'agent');
  if (!existsSync(agentDir)) return outcome;
  const problems = validateAgentOperations(api, agentDir);
  const findings: Finding[] = problems.map((problem) => ({
    step: 'operations',
    severity: 'error',
    code: 'INVALID_AGENT_TOOL',
    message: problem.message,
    fix: 'see schema/operations/agent/README.md for the tool file conventions',
    location: { file: displayPath(rootDir, resolve(problem.file)), line: problem.line ?? 1, column: 1 },
  }));
  return { ...outcome, findings: [...outcome.findings, ...findings] };
}
