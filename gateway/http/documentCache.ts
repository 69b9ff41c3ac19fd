import { createHash } from 'node:crypto';
import { getOperationAST, GraphQLError, parse, validate, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode, type ValidationRule } from 'graphql';
import type { Registry } from 'prom-client';
import { ByteBoundedCache, registerCacheMetrics, type CacheStats } from '../../common/byteBoundedCache';
import { documentBytes } from '../../common/documentStore';
import { VALIDATION_RULES } from '../limits/subscriptionRoot';
import { noIntrospection } from './noIntrospection';

/** A document that parsed and validated against the current schema, with what is derived from it once. */
export interface ParsedDocument {
  readonly document: DocumentNode;
  /** sha256 of the text: the plan cache's key, computed once per document rather than per request. */
  readonly hash: string;
  /** The operation each operation name selects (null: none), resolved once per name. */
  operation(name: string | undefined): OperationDefinitionNode | undefined;
}

export type Resolved = { ok: true; parsed: ParsedDocument } | { ok: false; errors: GraphQLError[] };

export interface DocumentCacheOptions {
  maxBytes: number;
  /** MAX_TOKENS: a longer document is refused while parsing. */
  maxTokens: number;
  introspection: boolean;
  /** HIDE_SCHEMA_DETAILS: no "Did you mean …?" in validation errors. */
  hideSchemaDetails: boolean;
  registry?: Registry;
}

/**
 * Parses and validates each document text once per schema: later requests with the same text get
 * the same parsed document (and so the same plan, and the same limits measure). Bounded by the heap
 * its documents retain, least recently used first out (common/byteBoundedCache.ts); a new schema
 * starts an empty cache, since a document valid against the old one may not be against the new.
 * Failures are not kept: a client that sends a broken document pays for it each time.
 */
export class DocumentCache {
  private schema?: GraphQLSchema;
  private cache: ByteBoundedCache<ParsedDocument>;
  private readonly rules: readonly ValidationRule[];
  /** Counters carried across schemas, so /metrics counts never go back. */
  private readonly past: CacheStats = { hits: 0, misses: 0, evictions: 0, bytes: 0, entries: 0 };

  constructor(private readonly options: DocumentCacheOptions) {
    this.cache = new ByteBoundedCache(options.maxBytes);
    // graphql-js's rules with its subscription rule in the form that does not throw (gateway/limits/subscriptionRoot.ts).
    this.rules = options.introspection ? VALIDATION_RULES : [...VALIDATION_RULES, noIntrospection];
    if (options.registry) {
      registerCacheMetrics(options.registry, () => this.stats, { prefix: 'gateway_document_cache', items: 'parsed and validated documents', bound: 'DOCUMENT_CACHE_BYTES' });
    }
  }

  get stats(): CacheStats {
    const now = this.cache.stats;
    return { hits: this.past.hits + now.hits, misses: this.past.misses + now.misses, evictions: this.past.evictions + now.evictions, bytes: now.bytes, entries: now.entries };
  }

  resolve(schema: GraphQLSchema, text: string): Resolved {
    if (schema !== this.schema) this.useSchema(schema);
    const known = this.cache.get(text);
    if (known) return { ok: true, parsed: known };
    let document: DocumentNode;
    try {
      document = parse(text, { maxTokens: this.options.maxTokens });
    } catch (error) {
      return { ok: false, errors: [parseFailure(error)] };
    }
    const invalid = validate(schema, document, this.rules);
    if (invalid.length > 0) return { ok: false, errors: invalid.map((error) => validationFailure(error, this.options.hideSchemaDetails)) };
    const parsed = parsedDocument(document, createHash('sha256').update(text).digest('hex'));
    this.cache.set(text, parsed, documentBytes(document));
    return { ok: true, parsed };
  }

  private useSchema(schema: GraphQLSchema): void {
    const { hits, misses, evictions } = this.cache.stats;
    this.past.hits += hits;
    this.past.misses += misses;
    this.past.evictions += evictions;
    this.cache = new ByteBoundedCache(this.options.maxBytes);
    this.schema = schema;
  }
}

function parsedDocument(document: DocumentNode, hash: string): ParsedDocument {
  const operations = new Map<string | undefined, OperationDefinitionNode | undefined>();
  return {
    document,
    hash,
    operation(name) {
      if (operations.has(name)) return operations.get(name);
      const operation = getOperationAST(document, name) ?? undefined;
      operations.set(name, operation);
      return operation;
    },
  };
}

function parseFailure(thrown: unknown): GraphQLError {
  if (!(thrown instanceof GraphQLError)) throw thrown;
  return new GraphQLError(thrown.message, {
    source: thrown.source,
    positions: thrown.positions,
    originalError: thrown,
    extensions: { http: { status: 400 }, ...thrown.extensions, code: 'GRAPHQL_PARSE_FAILED' },
  });
}

function validationFailure(error: GraphQLError, hideSchemaDetails: boolean): GraphQLError {
  const message = hideSchemaDetails ? error.message.replace(/ ?Did you mean(.+?)\?$/, '') : error.message;
  return new GraphQLError(message, {
    nodes: error.nodes,
    originalError: error.originalError ?? error,
    extensions: { http: { status: 400 }, ...error.extensions, code: 'GRAPHQL_VALIDATION_FAILED' },
  });
}
