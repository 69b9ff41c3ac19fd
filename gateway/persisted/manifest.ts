import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Kind, parse, type DocumentNode } from 'graphql';
import { documentHash, normaliseDocument, sha256 } from './documentHash';

/** `schema/operations/manifest.json`: sha256 of each normalised operation document → the document. */
export type OperationsManifest = Record<string, string>;

export const MANIFEST_FILE = 'manifest.json';

/** Every `*.graphql` file under `dir`, any depth, sorted by path (so the manifest is stable). */
export function operationFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && entry.name.endsWith('.graphql')) found.push(path);
    }
  };
  walk(dir);
  return found.sort();
}

/** Builds the manifest from the operation files; a file that does not parse names itself. */
export function buildManifest(dir: string): OperationsManifest {
  const entries: Array<[string, string]> = [];
  for (const file of operationFiles(dir)) {
    let text: string;
    try {
      text = normaliseDocument(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new Error(`${relative(dir, file)}: ${(error as Error).message}`);
    }
    entries.push([sha256(text), text]);
  }
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries);
}

/**
 * The documents a gateway in trusted-documents mode accepts. A document is trusted when its
 * normalised hash is in the manifest; whitespace, comments and field order within the text
 * a client sends do not matter as long as graphql-js prints it the same.
 */
export class TrustedDocuments {
  private readonly byHash: ReadonlyMap<string, string>;
  /** Documents already judged, so each distinct document is printed and hashed once. */
  private readonly judged = new WeakMap<DocumentNode, boolean>();

  constructor(manifest: OperationsManifest) {
    this.byHash = new Map(Object.entries(manifest));
  }

  /** The manifest's hashes (sha256 of the normalised document). */
  get hashes(): ReadonlySet<string> {
    return new Set(this.byHash.keys());
  }

  /** The normalised document for a manifest hash. */
  document(hash: string): string | undefined {
    return this.byHash.get(hash);
  }

  /** Whether a document (text or parsed) is in the manifest. Text that does not parse is not. */
  isTrustedDocument(query: string | DocumentNode): boolean {
    if (typeof query === 'string') {
      try {
        return this.byHash.has(documentHash(query));
      } catch {
        return false;
      }
    }
    let trusted = this.judged.get(query);
    if (trusted === undefined) {
      trusted = this.byHash.has(documentHash(query));
      this.judged.set(query, trusted);
    }
    return trusted;
  }
}

/** Reads a manifest written by `npm run operations:manifest`; a missing or broken file fails start-up. */
export function loadTrustedDocuments(path: string): TrustedDocuments {
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read the trusted-documents manifest ${path} (run npm run operations:manifest): ${(error as Error).message}`);
  }
  if (!manifest || typeof manifest !== 'object' || Array.isArray(manifest)) {
    throw new Error(`${path} is not an operations manifest (an object of sha256 → document)`);
  }
  for (const [hash, document] of Object.entries(manifest)) {
    if (typeof document !== 'string' || sha256(document) !== hash) {
      throw new Error(`${path}: entry ${hash} does not hash to its document; rebuild it with npm run operations:manifest`);
    }
  }
  return new TrustedDocuments(manifest as OperationsManifest);
}

/** The trusted set of one folder's operation files, without a manifest file (e.g. the bot role's agent catalogue). */
export function trustedDocumentsIn(dir: string): TrustedDocuments {
  return new TrustedDocuments(buildManifest(dir));
}

/**
 * The operation names of the catalogue under `dir`: metric labels. A folder that does not exist
 * holds none; any other failure to read it (EACCES, a file in its place) stops start-up naming it,
 * rather than passing for an empty catalogue.
 */
export function catalogueOperationNames(dir: string): string[] {
  let files: string[];
  try {
    files = operationFiles(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new Error(`Cannot read the operations folder ${dir}: ${(error as Error).message}`, { cause: error });
  }
  return files.flatMap((file) =>
    parse(readFileSync(file, 'utf8')).definitions.flatMap((definition) =>
      definition.kind === Kind.OPERATION_DEFINITION && definition.name ? [definition.name.value] : [],
    ),
  );
}
