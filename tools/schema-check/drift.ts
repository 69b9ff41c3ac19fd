import { buildSubgraphSchema } from '@apollo/subgraph';
import { diff } from '@graphql-inspector/core';
import { graphql, parse, type DocumentNode } from 'graphql';
import { envName, type SubgraphName } from '../../common/subgraphs';
import { plural, skipped, type Finding, type StepOutcome } from './findings';
import type { SubgraphFile } from './subgraphFiles';

const SERVICE_QUERY = '{ _service { sdl } }';
const MAX_LISTED_DIFFERENCES = 5;

export type SubgraphUrls = Partial<Record<SubgraphName, string>>;

/**
 * Step 2: each running subgraph must serve exactly the SDL of its file. The file's side is what
 * @apollo/subgraph itself answers for `_service { sdl }` when built from the file, so formatting and
 * comments never count as drift, only the schema does.
 */
export async function driftStep(files: SubgraphFile[], urls: SubgraphUrls, timeoutMs = 10_000): Promise<StepOutcome> {
  const targets = Object.entries(urls) as [SubgraphName, string][];
  if (targets.length === 0) return skipped('skipped (no subgraph URLs)');
  const findings: Finding[] = [];
  for (const [name, url] of targets) {
    const file = files.find((f) => f.name === name);
    if (!file) {
      findings.push({ step: 'drift', severity: 'info', code: 'DRIFT_NOT_COMPARED', message: `[${name}] not compared: its SDL file could not be read.`, subgraphs: [name] });
      continue;
    }
    const finding = await compare(file, url, timeoutMs);
    if (finding) findings.push(finding);
  }
  const unchecked = files.filter((f) => !(f.name in urls)).map((f) => f.name);
  const note = unchecked.length > 0 ? `; not checked (no URL): ${unchecked.join(', ')}` : '';
  const drifted = findings.filter((f) => f.code === 'SUBGRAPH_SDL_DRIFT').length;
  const unreachable = findings.filter((f) => f.code === 'SUBGRAPH_UNREACHABLE').length;
  const summary = `${plural(targets.length, 'running subgraph')} compared: ${drifted} drifted, ${unreachable} unreachable${note}`;
  return { findings, summary };
}

async function compare(file: SubgraphFile, url: string, timeoutMs: number): Promise<Finding | undefined> {
  const name = file.name;
  const unreachable = (problem: string): Finding => ({
    step: 'drift',
    severity: 'error',
    code: 'SUBGRAPH_UNREACHABLE',
    message: `[${name}] cannot read _service { sdl } from ${url}: ${problem}`,
    subgraphs: [name],
    fix: `Start ${name}, or pass its URL with --subgraph ${name}=<url> (or ${envName(name, 'URL')}).`,
  });
  let served: string;
  try {
    served = await fetchServedSdl(url, timeoutMs);
  } catch (error) {
    return unreachable(describe(error));
  }
  const expected = await servedSdlOf(file.document);
  if (served === expected) return undefined;
  return {
    step: 'drift',
    severity: 'error',
    code: 'SUBGRAPH_SDL_DRIFT',
    message: `[${name}] the subgraph at ${url} serves an SDL that differs from ${file.path} (from the file to what it serves: ${await differences(expected, served)}).`,
    subgraphs: [name],
    fix: `Deploy ${name} from the commit whose ${file.path} it should serve, or commit the SDL it serves to ${file.path}.`,
    location: { file: file.path, line: 1, column: 1 },
  };
}

/** What a subgraph built from this SDL answers to `_service { sdl }`. */
export async function servedSdlOf(document: DocumentNode): Promise<string> {
  const result = await graphql({ schema: buildSubgraphSchema({ typeDefs: document }), source: SERVICE_QUERY });
  const sdl = (result.data?._service as { sdl?: unknown } | undefined)?.sdl;
  if (typeof sdl !== 'string') throw new Error(`_service { sdl } failed: ${result.errors?.map((e) => e.message).join('; ')}`);
  return sdl;
}

async function fetchServedSdl(url: string, timeoutMs: number): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query: SERVICE_QUERY }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  let body: { data?: { _service?: { sdl?: unknown } }; errors?: { message: string }[] };
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`HTTP ${response.status}, not a GraphQL response: ${text.slice(0, 120)}`);
  }
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  const sdl = body.data?._service?.sdl;
  if (typeof sdl !== 'string') throw new Error(`HTTP ${response.status}, the response has no data._service.sdl`);
  return sdl;
}

/** The schema differences as @graphql-inspector/core words them; the first differing line if it sees none. */
async function differences(expected: string, served: string): Promise<string> {
  let changes: string[] = [];
  try {
    const schemaOf = (sdl: string) => buildSubgraphSchema({ typeDefs: parse(sdl) });
    changes = (await diff(schemaOf(expected), schemaOf(served))).map((c) => c.message);
  } catch (error) {
    return `the served SDL does not build: ${describe(error)}`;
  }
  if (changes.length > 0) {
    const more = changes.length > MAX_LISTED_DIFFERENCES ? ` and ${changes.length - MAX_LISTED_DIFFERENCES} more` : '';
    return changes.slice(0, MAX_LISTED_DIFFERENCES).join('; ') + more;
  }
  const a = expected.split('\n');
  const b = served.split('\n');
  const line = a.findIndex((text, i) => text !== b[i]);
  const at = line === -1 ? a.length : line;
  return `line ${at + 1} is ${JSON.stringify(a[at] ?? '')} in the file but ${JSON.stringify(b[at] ?? '')} when served`;
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  // Not instanceof Error: fetch's errors come from another realm under test runners.
  const message = typeof (error as { message?: unknown })?.message === 'string' ? (error as Error).message : String(error);
  return cause?.code ? `${message} (${cause.code})` : message;
}
