import { appendFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { envName, isSubgraphName, SUBGRAPH_NAMES } from '../../common/subgraphs';
import { runCheck, type Base } from './check';
import type { SubgraphUrls } from './drift';
import { UsageError } from './findings';
import { baseFromFile, baseFromGit } from './gitBase';
import { renderAnnotations, renderMarkdownSummary } from './githubReport';
import { renderJson, renderText } from './report';

const PROJECT_SCHEMA_DIR = join(__dirname, '..', '..', 'schema');
const FORMATS = ['text', 'json', 'github'] as const;
type Format = (typeof FORMATS)[number];

export const USAGE = `Usage: schema-check check [options]

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
  -h, --help                   show this help

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
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      io.stdout(USAGE);
      return 0;
    }
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
