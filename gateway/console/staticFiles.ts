import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The console's built files, read into memory once at start-up: a few hundred kilobytes, and no
 * request can name a path on disk (no traversal to guard against, no file-system call per request).
 */
export interface StaticFile {
  body: Buffer;
  gzipped?: Buffer;
  type: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
};

/** Every file of a build folder, keyed by its path from the folder ('index.html', 'assets/console-x1.js'). */
export function loadBuild(dir: string): Map<string, StaticFile> | undefined {
  if (!existsSync(join(dir, 'index.html'))) return undefined;
  const files = new Map<string, StaticFile>();
  const walk = (relative: string) => {
    for (const entry of readdirSync(join(dir, relative), { withFileTypes: true })) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path);
      else {
        const body = readFileSync(join(dir, path));
        const type = TYPES[extname(entry.name)] ?? 'application/octet-stream';
        // Text (and TrueType, Monaco's icon font) compresses well and is compressed once here, not per request.
        const gzipped = /text|svg|json|ttf/.test(type) && body.length > 1024 ? gzipSync(body, { level: 9 }) : undefined;
        files.set(path, { body, gzipped, type });
      }
    }
  };
  walk('');
  return files;
}

/**
 * The console's policy: scripts, styles, images and connections from this origin only; no inline
 * code, no framing, no plugins. The console is built without inline scripts or styles so this holds.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The explorer's policy: the console's, with two additions GraphiQL cannot do without. Its editor
 * (Monaco) writes `<style>` elements and `style` attributes at run time (theme colours, cursor and
 * line positions), and offers no nonce, hence `style-src 'unsafe-inline'`; the editors' font (Fira
 * Code) comes as data: URLs in @graphiql/react's stylesheet, hence `font-src data:`. Scripts
 * and web workers stay `'self'` only (the workers are bundled files, not blob: URLs), so injected
 * markup still cannot run code; the console page keeps the strict policy.
 */
export const EXPLORER_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'").replace(
  "font-src 'self'",
  "font-src 'self' data:",
);

/** Answers with a file; `immutable` for content-hashed assets, revalidated every time for pages (which carry `policy`). */
export function sendFile(req: IncomingMessage, res: ServerResponse, file: StaticFile, immutable: boolean, policy = CONTENT_SECURITY_POLICY): void {
  res.statusCode = 200;
  res.setHeader('content-type', file.type);
  res.setHeader('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('vary', 'accept-encoding');
  if (file.type.startsWith('text/html')) {
    res.setHeader('content-security-policy', policy);
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('x-frame-options', 'DENY');
  }
  const gzip = file.gzipped && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const body = gzip ? file.gzipped! : file.body;
  if (gzip) res.setHeader('content-encoding', 'gzip');
  res.setHeader('content-length', body.length);
  res.end(req.method === 'HEAD' ? undefined : body);
}
