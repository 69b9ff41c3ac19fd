import { curlFor, EXAMPLE_QUERIES } from './examples';

/** What `npm start` knows once the graph is up, for the banner it prints. */
export interface BannerFacts {
  /** The gateway's GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql. */
  gatewayUrl: string;
  seconds: number;
  subgraphs: Array<{ name: string; url: string }>;
  /** CONSOLE and EXPLORER as configured. */
  console: boolean;
  explorer: boolean;
  /** Labels of the identities the console's demo sign-in offers. */
  signIns: string[];
  /** `export NAME_TOKEN=…` lines. */
  tokens: string[];
  tokenNote: string;
}

/**
 * The banner, in the order a newcomer needs it: the pages to open in a browser first (console,
 * explorer), then the endpoints, then tokens and curl lines for a shell.
 */
export function startBanner(facts: BannerFacts): string {
  const origin = new URL(facts.gatewayUrl).origin;
  const page = (label: string, url: string) => `  ${label.padEnd(15)}${url}`;
  const lines = [
    '',
    `Customer graph ready in ${facts.seconds.toFixed(1)} s. Open in a browser:`,
    facts.console
      ? page('Console', `${origin}/`) + `   sign in as: ${facts.signIns.join(', ')}`
      : page('Console', 'off (CONSOLE=false)'),
    facts.explorer
      ? page('Explorer', `${origin}/explorer`) + '   GraphiQL: write and run queries and subscriptions'
      : page('Explorer', 'off (EXPLORER=on serves it)'),
    '',
    page('GraphQL', `${facts.gatewayUrl}`) + `   subscriptions: ${origin}/graphql/stream (SSE), ws on /graphql; agent tools: ${origin}/mcp`,
    ...facts.subgraphs.map((s) => page(s.name, s.url)),
    '',
    `Demo tokens (${facts.tokenNote}); paste them into your shell:`,
    ...facts.tokens.map((line) => `  ${line}`),
    '',
    'Then try (as an agent):',
    ...EXAMPLE_QUERIES.flatMap((example) => [`  # ${example.title}`, `  ${curlFor(facts.gatewayUrl, example.query, example.token)}`, '']),
    'Ctrl-C stops everything.',
  ];
  return lines.join('\n');
}
