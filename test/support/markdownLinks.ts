import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import GithubSlugger from 'github-slugger';
import MarkdownIt from 'markdown-it';
const markdown = new MarkdownIt({ html: true });
type Token = ReturnType<MarkdownIt['parse']>[number];

/** A link target written in a Markdown file, with the line it is on (1-based). */
export interface MarkdownLink {
  href: string;
  line: number;
}

function inlineTokens(tokens: Token[]): Array<{ token: Token; line: number }> {
  let line = 1; // a table cell's inline token has no line of its own: take its row's
  return tokens.flatMap((block) => {
    if (block.map) line = block.map[0] + 1;
    return (block.children ?? []).map((token) => ({ token, line }));
  });
}

/** Every link and image target of a document, as Markdown renders it (code blocks and spans excluded). */
export function linksIn(text: string): MarkdownLink[] {
  return inlineTokens(markdown.parse(text, {})).flatMap(({ token, line }) => {
    const href = token.type === 'link_open' ? token.attrGet('href') : token.type === 'image' ? token.attrGet('src') : null;
    return href ? [{ href, line }] : [];
  });
}

/** The anchors GitHub gives a document's headings (`#some-heading`, `-1` for repeats). */
export function anchorsOf(text: string): Set<string> {
  const slugger = new GithubSlugger();
  const tokens = markdown.parse(text, {});
  const anchors = new Set<string>();
  tokens.forEach((token, i) => {
    if (token.type !== 'heading_open') return;
    // GitHub slugs the heading's text as rendered: code spans keep their content, markup goes.
    const words = (tokens[i + 1].children ?? []).filter((t) => t.type === 'text' || t.type === 'code_inline').map((t) => t.content);
    anchors.add(slugger.slug(words.join('')));
  });
  return anchors;
}

const EXTERNAL = /^[a-z][a-z0-9+.-]*:/i;

/**
 * The links of `files` (paths from `root`) that point at nothing: a file or folder that does not
 * exist, a path outside the project, or a `#heading` the target Markdown file does not have.
 * External URLs are not fetched.
 */
export function brokenLinks(root: string, files: string[]): string[] {
  const anchorCache = new Map<string, Set<string>>();
  const anchorsIn = (path: string) => {
    if (!anchorCache.has(path)) anchorCache.set(path, anchorsOf(readFileSync(path, 'utf8')));
    return anchorCache.get(path)!;
  };
  const broken: string[] = [];
  for (const file of files) {
    const source = join(root, file);
    for (const { href, line } of linksIn(readFileSync(source, 'utf8'))) {
      if (EXTERNAL.test(href)) continue;
      const [rawPath, anchor] = href.split('#', 2);
      const path = decodeURIComponent(rawPath);
      const target = path === '' ? source : path.startsWith('/') ? join(root, path) : resolve(dirname(source), path);
      const where = `${file}:${line} ${href}`;
      if (relative(root, target).startsWith(`..${sep}`)) broken.push(`${where}: outside the project`);
      else if (!existsSync(target)) broken.push(`${where}: no such file`);
      else if (anchor !== undefined && anchor !== '') {
        if (statSync(target).isDirectory()) broken.push(`${where}: a folder has no headings`);
        else if (target.endsWith('.md')) {
          if (!anchorsIn(target).has(decodeURIComponent(anchor))) broken.push(`${where}: no such heading`);
        } else if (!/^L\d+(-L\d+)?$/.test(anchor)) broken.push(`${where}: only Markdown files have heading anchors`);
      }
    }
  }
  return broken;
}
