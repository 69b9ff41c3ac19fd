import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { envName, isSubgraphName, SUBGRAPH_NAMES } from '../../common/subgraphs';
import { runCheck, type Base } from './check';
import type { SubgraphUrls } from './drift';
import { UsageError } from './findings';
import { baseFromFile, baseFromGit } from './gitBase';
import { renderAnnotations, renderMarkdownSummary } from './githubReport';
import { renderJson, renderText } from './report';
import { readBaseSchema } from './diff';
import { renderUsageReport, usageReport } from './usage/usageReport';
import { exportFromStore, parseWindow, readUsageSource } from './usage/usageExport';

const PROJECT_SCHEMA_DIR = join(__dirname, '..', '..', 'schema');
const FORMATS = ['text', 'json', 'github'] as const;
type Format = (typeof FORMATS)[number];

export const USAGE = `Usage: schema-check check [options]
       schema-check usage export [--window 30d] [--out usage.json]
       schema-check usage report [--usage <file or store>] [--window 30d] [--limit 10]

Checks the subgraph SDLs in schema/ before they ship: composition, the SDL running subgraphs serve,
changes against a base (breaking, dangerous, safe), the operation catalogue and the ownership rules.

Options:
  --base <ref>                 git ref whose schema/supergraph.graphql is the base (default: HEAD)
  --base-file <path>           a supergraph or API schema SDL file as the base, instead of git
  --subgraph <name=url>        a running subgraph to compare with its file; repeatable
                               (default: env ${SUBGRAPH_NAMES.map((n) => envName(n, 'URL')).join(', ')})
  --allow-breaking <reason>    let breaking changes pass; the reason is printed in the report
  --format <text|json|github>  output format (default: text); github writes annotations and
                               appends a Markdown summary to $GITHUB_STEP_SUMMARY
  --schema-dir <path>          the schema directory (default: this project's schema/)
  --usage <file|folder|url>    judge changes also by real traffic: a usage export, or the store
                               itself (a folder or a postgres:// URL); a breaking change to what a
                               client sent in the window fails, naming the clients; unused may change
  --window <30d|12h|90m>       the usage window (default: an export's own; 30d for a store)
  --min-requests <n>           fewer requests in the window than this count as unused (default 1)
  --ignore-client <name>       leave one client's traffic out; repeatable
  -h, --help                   show this help

Usage commands (the store is USAGE_STORE, as the gateway reads it; unset: .data/usage):
  usage export                 writes the window's usage as JSON (--out, else stdout) for CI
  usage report                 least and most used fields, clients, and the clients still on
                               deprecated fields with the deprecation's reason and removal date

Exit codes: 0 clean, 1 a check failed, 2 usage error.
`;

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
};

/** Runs the CLI and returns its exit code. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        base: { type: 'string' },
        'base-file': { type: 'string' },
        subgraph: { type: 'string', multiple: true },
        'allow-breaking': { type: 'string' },
        format: { type: 'string', default: 'text' },
        'schema-dir': { type: 'string' },
        usage: { type: 'string' },
        window: { type: 'string' },
        'min-requests': { type: 'string' },
        'ignore-client': { type: 'string', multiple: true },
        out: { type: 'string' },
        limit: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      io.stdout(USAGE);
      return 0;
    }
    if (positionals[0] === 'usage') return await usageCommand(positionals.slice(1), values, io);
    if (positionals.length !== 1 || positionals[0] !== 'check') {
      throw new UsageError(positionals.length === 0 ? 'missing command "check"' : `unknown command "${positionals.join(' ')}"`);
    }
    const format = values.format as Format;
    if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not "${values.format}"`);
    if (values.base !== undefined && values['base-file'] !== undefined) throw new UsageError('give --base or --base-file, not both');

    const schemaDir = values['schema-dir'] ? resolve(io.cwd, values['schema-dir']) : PROJECT_SCHEMA_DIR;
    const base: Base = values['base-file']
      ? baseFromFile(resolve(io.cwd, values['base-file']), relative(io.cwd, resolve(io.cwd, values['base-file'])))
      : baseFromGit(schemaDir, values.base ?? 'HEAD');
    const report = await runCheck({
      schemaDir,
      base,
      subgraphUrls: subgraphUrls(values.subgraph ?? [], io.env),
      allowBreaking: values['allow-breaking'],
      usage: values.usage
        ? {
            source: values.usage,
            windowMs: values.window === undefined ? undefined : parseWindow(values.window),
            minRequests: count(values['min-requests'], '--min-requests'),
            ignoreClients: values['ignore-client'],
            cwd: io.cwd,
          }
        : undefined,
    });

    if (format === 'json') io.stdout(renderJson(report));
    if (format === 'text') io.stdout(renderText(report));
    if (format === 'github') {
      io.stdout(renderAnnotations(report));
      const summaryFile = io.env.GITHUB_STEP_SUMMARY;
      if (summaryFile) {
        appendFileSync(summaryFile, renderMarkdownSummary(report));
        io.stdout(renderText(report));
      } else {
        io.stdout(renderMarkdownSummary(report));
      }
    }
    return report.ok ? 0 : 1;
  } catch (error) {
    if (isParseArgsError(error)) {
      io.stderr(`schema-check: ${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof UsageError) {
      io.stderr(`schema-check: ${error.message}\nRun schema-check --help for the options.\n`);
      return 2;
    }
    io.stderr(`schema-check: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}

interface UsageFlags {
  usage?: string;
  window?: string;
  'min-requests'?: string;
  'ignore-client'?: string[];
  out?: string;
  limit?: string;
  'schema-dir'?: string;
}

/** `usage export` and `usage report`: the store is USAGE_STORE, as the gateway has it. */
async function usageCommand(args: string[], values: UsageFlags, io: Io): Promise<number> {
  const windowMs = parseWindow(values.window ?? '30d');
  if (args.length === 1 && args[0] === 'export') {
    const usage = await exportFromStore(io.env.USAGE_STORE || undefined, windowMs, new Date(), io.cwd);
    const text = JSON.stringify(usage, null, 2) + '\n';
    if (values.out) {
      writeFileSync(resolve(io.cwd, values.out), text);
      io.stderr(`schema-check: ${usage.counts.reduce((n, c) => n + c.requests, 0)} requests of ${usage.operations.length} operations written to ${values.out}\n`);
    } else io.stdout(text);
    return 0;
  }
  if (args.length === 1 && args[0] === 'report') {
    const usage = values.usage
      ? await readUsageSource(values.usage, values.window === undefined ? undefined : windowMs, new Date(), io.cwd)
      : await exportFromStore(io.env.USAGE_STORE || undefined, windowMs, new Date(), io.cwd);
    const schemaDir = values['schema-dir'] ? resolve(io.cwd, values['schema-dir']) : PROJECT_SCHEMA_DIR;
    const schema = readBaseSchema(readFileSync(join(schemaDir, 'supergraph.graphql'), 'utf8')).api;
    io.stdout(renderUsageReport(usageReport(usage, schema, { ignoreClients: values['ignore-client'], minRequests: count(values['min-requests'], '--min-requests'), limit: count(values.limit, '--limit') })));
    return 0;
  }
  throw new UsageError(`unknown command "usage ${args.join(' ')}" (usage export, usage report)`);
}

function count(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new UsageError(`${flag} must be a whole number, not "${text}"`);
  return Number(text);
}

/** --subgraph name=url flags, else ORDERS_URL, SUPPORT_URL… from the environment. */
export function subgraphUrls(flags: string[], env: NodeJS.ProcessEnv): SubgraphUrls {
  const urls: SubgraphUrls = {};
  for (const name of SUBGRAPH_NAMES) {
    const fromEnv = env[envName(name, 'URL')];
    if (fromEnv) urls[name] = fromEnv;
  }
  for (const flag of flags) {
    const match = /^([a-z_-]+)=(https?:\/\/\S+)$/.exec(flag);
    if (!match) throw new UsageError(`--subgraph "${flag}" must look like orders=http://localhost:4001/graphql`);
    if (!isSubgraphName(match[1])) throw new UsageError(`--subgraph ${match[1]}: unknown subgraph (known: ${SUBGRAPH_NAMES.join(', ')})`);
    urls[match[1]] = match[2];
  }
  return urls;
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
