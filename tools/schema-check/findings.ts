/** The vocabulary every step of the check reports in, and the report the formats render. */
import type { ClientUse } from './usage/traffic';

export type { ClientUse } from './usage/traffic';

export type StepName = 'compose' | 'drift' | 'diff' | 'operations' | 'rules' | 'events';
export const STEP_ORDER: readonly StepName[] = ['compose', 'drift', 'diff', 'operations', 'rules', 'events'];

/** error fails the check; warning and info are reported only. */
export type Severity = 'error' | 'warning' | 'info';

export interface SourceLocation {
  /** Path relative to the project root, as CI annotations want it. */
  file: string;
  line: number;
  column: number;
}

/** One catalogued operation touching a schema coordinate (or failing validation). */
export interface OperationUse {
  operation: string;
  file: string;
  line: number;
}

export interface Finding {
  step: StepName;
  severity: Severity;
  /** Stable code: Apollo's composition code, an inspector change type, or one of ours. */
  code: string;
  message: string;
  /** Subgraphs the finding is about, when known. */
  subgraphs?: string[];
  /** Schema coordinate: Type, Type.field or Type.field.argument. */
  coordinate?: string;
  fix?: string;
  location?: SourceLocation;
}

export type ChangeLevel = 'breaking' | 'dangerous' | 'safe';

/** One difference between the base API schema and the new one, classified by @graphql-inspector/core. */
export interface ClassifiedChange {
  level: ChangeLevel;
  type: string;
  path?: string;
  message: string;
  reason?: string;
  subgraphs: string[];
  usedBy: OperationUse[];
  /** With --usage: the clients whose traffic in the window touched the coordinate. */
  clients?: ClientUse[];
}

export interface StepResult {
  step: StepName;
  status: 'passed' | 'failed' | 'skipped';
  summary: string;
}

export interface CheckReport {
  ok: boolean;
  /** What the new schema was compared with, e.g. "HEAD:schema/supergraph.graphql". */
  base: string;
  steps: StepResult[];
  findings: Finding[];
  changes: ClassifiedChange[];
  /** The recorded reason when breaking changes were acknowledged with --allow-breaking. */
  acknowledgement?: { reason: string; covers: string[] };
  /** With --usage: the traffic the changes were judged by. */
  usage?: { source: string; from: string; to: string; requests: number; clients: number };
}

/** What one step hands back to the orchestrator. */
export interface StepOutcome {
  findings: Finding[];
  summary: string;
  skipped?: boolean;
}

export function stepResult(step: StepName, outcome: StepOutcome): StepResult {
  const failed = outcome.findings.some((f) => f.step === step && f.severity === 'error');
  const status = failed ? 'failed' : outcome.skipped ? 'skipped' : 'passed';
  return { step, status, summary: outcome.summary };
}

export function skipped(summary: string): StepOutcome {
  return { findings: [], summary, skipped: true };
}

export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralNoun}`;
}

/** Thrown for a wrong invocation or configuration: the CLI exits with 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
