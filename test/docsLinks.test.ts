import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectPath } from '../common/paths';
import { anchorsOf, brokenLinks } from './support/markdownLinks';

const ROOT = projectPath();

/** The README, every docs page and the dated results' notes: everything a reader follows links in. */
function documentation(): string[] {
  const inFolder = (folder: string) =>
    readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.md'))
      .map((name) => join(folder, name));
  return ['README.md', ...inFolder('docs'), ...inFolder('bench/results'), ...inFolder('hold/results')];
}

describe('documentation links', () => {
  test('When the README or a docs page links to a file or a heading, then it exists', () => {
    expect(brokenLinks(ROOT, documentation())).toEqual([]);
  });

  test('When a link names a missing file, heading or a path outside the project, then it is reported', () => {
    const root = mkdtempSync(join(tmpdir(), 'docs-links-'));
    mkdirSync(join(root, 'docs'));
    writeFileSync(join(root, 'docs', 'page.md'), '# Page\n\n## Secrets a production deployment must set\n\n## `npm run plan`\n');
    writeFileSync(
      join(root, 'README.md'),
      [
        '[ok](docs/page.md#secrets-a-production-deployment-must-set) [code](docs/page.md#npm-run-plan) [folder](docs/)',
        '[gone](docs/missing.md) [no heading](docs/page.md#secrets) [away](../elsewhere.md)',
        '[web](https://example.com/x#y) `[not a link](nowhere.md)`',
        '```\n[in code](nowhere.md)\n```',
      ].join('\n'),
    );
    expect(brokenLinks(root, ['README.md'])).toEqual([
      'README.md:1 docs/missing.md: no such file',
      'README.md:1 docs/page.md#secrets: no such heading',
      'README.md:1 ../elsewhere.md: outside the project',
    ]);
  });

  test('Headings get GitHub anchors: lower case, punctuation dropped, repeats numbered', () => {
    expect([...anchorsOf('# Console (agent console and the customer\'s account page)\n## @defer\n## Tools\n## Tools\n')]).toEqual([
      'console-agent-console-and-the-customers-account-page',
      'defer',
      'tools',
      'tools-1',
    ]);
  });
});
