import Negotiator from 'negotiator';

export const APPLICATION_JSON = 'application/json; charset=utf-8';
export const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json; charset=utf-8';
const JSON_CALLBACK = 'application/json; callbackSpec=1.0; charset=utf-8';
const SINGLE_RESULT_TYPES = [APPLICATION_JSON, GRAPHQL_RESPONSE_JSON, JSON_CALLBACK];

/** Clients send a handful of distinct Accept headers: each is negotiated once, up to this many. */
const MAX_REMEMBERED = 256;
const chosen = new Map<string, string | null>();

/**
 * The media type of a single (non-incremental) answer for a request's Accept header, as Apollo
 * Server chooses it: application/json when the header is absent, else the client's preference
 * among application/json and application/graphql-response+json; null: it accepts neither (406).
 */
export function singleResultType(accept: string | undefined): string | null {
  if (!accept) return APPLICATION_JSON;
  let type = chosen.get(accept);
  if (type === undefined) {
    type = new Negotiator({ headers: { accept } }).mediaType(SINGLE_RESULT_TYPES) ?? null;
    if (chosen.size >= MAX_REMEMBERED) chosen.clear();
    chosen.set(accept, type);
  }
  return type;
}

/** Judged like Apollo Server's `whatwg-mimetype` parse: the type's essence, or null when it is not a media type. */
export function mediaTypeEssence(contentType: string): string | null {
  const essence = contentType.split(';', 1)[0].trim().toLowerCase();
  return /^[\w!#$%&'*+.^`|~-]+\/[\w!#$%&'*+.^`|~-]+$/.test(essence) ? essence : null;
}
