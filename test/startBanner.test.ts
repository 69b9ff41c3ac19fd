import { readFileSync } from 'node:fs';
import { projectPath } from '../common/paths';
import { DEMO_IDENTITIES } from '../gateway/console/demoSignIn';
import { curlFor, EXAMPLE_QUERIES } from '../scripts/examples';
import { startBanner, type BannerFacts } from '../scripts/startBanner';

const facts: BannerFacts = {
  gatewayUrl: 'http://127.0.0.1:4000/graphql',
  seconds: 2.34,
  subgraphs: [{ name: 'orders', url: 'http://127.0.0.1:4001/graphql' }],
  console: true,
  explorer: true,
  signIns: DEMO_IDENTITIES.map((identity) => identity.label),
  tokens: ['export AGENT_TOKEN=aaa.bbb.ccc'],
  tokenNote: 'one per role',
};

/** The line of the banner where `text` first appears. */
function lineOf(banner: string, text: string): number {
  const index = banner.split('\n').findIndex((line) => line.includes(text));
  if (index < 0) throw new Error(`the banner lacks ${text}:\n${banner}`);
  return index;
}

describe('npm start banner', () => {
  test('When the graph is up, then the banner says first where to look: the console with its sign-ins, the explorer, then tokens and curl lines', () => {
    const banner = startBanner(facts);
    const consoleLine = lineOf(banner, 'http://127.0.0.1:4000/ ');
    expect(banner.split('\n')[consoleLine]).toMatch(/^ {2}Console +http:\/\/127\.0\.0\.1:4000\/ +sign in as: Support agent \(Ada\), Store till 42, Customer Bob Jones/);
    for (const { label } of DEMO_IDENTITIES) expect(banner.split('\n')[consoleLine]).toContain(label);
    const explorerLine = lineOf(banner, 'http://127.0.0.1:4000/explorer');
    const tokenLine = lineOf(banner, 'export AGENT_TOKEN=aaa.bbb.ccc');
    const firstCurl = lineOf(banner, 'curl -s http://127.0.0.1:4000/graphql');
    expect(consoleLine).toBeLessThan(explorerLine);
    expect(explorerLine).toBeLessThan(tokenLine);
    expect(tokenLine).toBeLessThan(firstCurl);
    for (const example of EXAMPLE_QUERIES) expect(banner).toContain(curlFor(facts.gatewayUrl, example.query, example.token));
  });

  test('When the console or the explorer is off, then the banner says so instead of a URL', () => {
    const banner = startBanner({ ...facts, console: false, explorer: false });
    expect(banner).toMatch(/Console +off \(CONSOLE=false\)/);
    expect(banner).toMatch(/Explorer +off \(EXPLORER=on serves it\)/);
    expect(banner).not.toContain('http://127.0.0.1:4000/explorer');
    expect(banner).not.toContain('sign in as');
  });

  test("When the README shows a curl line of the demo, then it is one npm start prints", () => {
    const readme = readFileSync(projectPath('README.md'), 'utf8');
    const shown = readme.split('\n').filter((line) => line.startsWith('curl -s http://localhost:4000/graphql'));
    expect(shown.length).toBeGreaterThan(0);
    const printed = EXAMPLE_QUERIES.map((example) => curlFor('http://localhost:4000/graphql', example.query, example.token));
    for (const line of shown) expect(printed).toContain(line);
  });
});
