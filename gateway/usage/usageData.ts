/**
 * What the usage store holds: shapes and counts only. An operation's shape is its normalized signature
 * (no literal values, no aliases) and the schema coordinates it touches; a count says how many times a
 * client (name and version) sent it within one time bucket. No variables, no tokens, no subjects.
 */
export interface OperationShape {
  /** signatureId(signature): the key counts refer to. */
  id: string;
  /** The operation's name ('' when anonymous). */
  name: string;
  type: 'query' | 'mutation' | 'subscription';
  signature: string;
  coordinates: string[];
}

export interface UsageCount {
  /** The bucket's start, ISO 8601 (UTC). */
  bucket: string;
  /** OperationShape.id. */
  operation: string;
  client: string;
  version: string;
  count: number;
}

export interface UsageBatch {
  operations: OperationShape[];
  counts: UsageCount[];
}

/** From (inclusive) to (exclusive). */
export interface UsageWindow {
  from: Date;
  to: Date;
}

/** Where usage is kept: a folder (embedded default) or PostgreSQL; both read back for export and checks. */
export interface UsageStore {
  /** For logs and reports; never holds a password. */
  readonly description: string;
  write(batch: UsageBatch): Promise<void>;
  /** The counts whose bucket starts in the window, and the shapes of the operations they count. */
  read(window: UsageWindow): Promise<UsageBatch>;
  close(): Promise<void>;
}

export function inWindow(bucket: string, window: UsageWindow): boolean {
  const at = Date.parse(bucket);
  return at >= window.from.getTime() && at < window.to.getTime();
}

/** Only the shapes the counts refer to, each once. */
export function referencedShapes(shapes: Iterable<OperationShape>, counts: readonly UsageCount[]): OperationShape[] {
  const wanted = new Set(counts.map((count) => count.operation));
  const found = new Map<string, OperationShape>();
  for (const shape of shapes) if (wanted.has(shape.id)) found.set(shape.id, shape);
  return [...found.values()];
}
