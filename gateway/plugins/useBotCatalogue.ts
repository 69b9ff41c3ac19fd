import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApolloServerPlugin } from '@apollo/server';
import { parse, print, type DocumentNode } from 'graphql';
import { ErrorCode, graphError } from '../../common/errors';
import type { GatewayContext } from '../context';

/** The same document whatever its whitespace and comments: sha256 of graphql-js's print. */
export function documentHash(document: DocumentNode): string {
  return createHash('sha256').update(print(document)).digest('hex');
}

/** Hashes of the curated agent operations in `dir` (schema/operations/agent). */
export function loadCatalogueHashes(dir: string): Set<string> {
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.graphql'));
  } catch {
    return new Set();
  }
  return new Set(files.map((f) => documentHash(parse(readFileSync(join(dir, f), 'utf8')))));
}

/**
 * Bots act only through the curated agent operations: a `bot` caller sending any other document
 * is refused before a subgraph is called.
 */
export function useBotCatalogue(allowed: Set<string>): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      if (contextValue.viewer.role !== 'bot') return;
      return {
        async didResolveOperation({ document }) {
          if (!allowed.has(documentHash(document))) {
            throw graphError(ErrorCode.FORBIDDEN, 'The bot role may only send the curated agent operations (schema/operations/agent)');
          }
        },
      };
    },
  };
}
