import { createHash } from 'node:crypto';
import { parse, print, type DocumentNode } from 'graphql';

/** One text per document whatever its whitespace and comments: graphql-js's print of its AST. */
export function normaliseDocument(source: string): string {
  return print(parse(source));
}

/** sha256 (hex) of the normalised document: the key of the trusted-documents manifest. */
export function documentHash(document: DocumentNode | string): string {
  const text = typeof document === 'string' ? normaliseDocument(document) : print(document);
  return sha256(text);
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
