import type { Viewer } from '../../common/identity';

/** Who sent an operation, as usage is counted: a client's name and version, never a person. */
export interface UsageClient {
  name: string;
  version: string;
}

type Headers = Readonly<Record<string, string | string[] | undefined>>;

export const CLIENT_NAME_HEADER = 'apollographql-client-name';
export const CLIENT_VERSION_HEADER = 'apollographql-client-version';

/** Client names and versions are labels in reports: short, printable, and never an arbitrary string. */
const LABEL = /^[\w.@:/+ -]{1,64}$/;
const UNKNOWN_VERSION = 'unknown';

/**
 * The client from the apollographql-client-name/-version headers; where they are absent, from the
 * token: the bot client a customer's token delegates to (act.sub), a bot's or service's own subject
 * (a client id), else the caller's role alone. A customer's, agent's or store's subject names a
 * person: it never becomes a client name.
 */
export function usageClient(headers: Headers | undefined, viewer: Viewer | undefined): UsageClient {
  const named = label(headers?.[CLIENT_NAME_HEADER]);
  if (named) return { name: named, version: label(headers?.[CLIENT_VERSION_HEADER]) ?? UNKNOWN_VERSION };
  const role = viewer?.role ?? 'anonymous';
  if (viewer?.actor && label(viewer.actor)) return { name: `bot:${viewer.actor}`, version: UNKNOWN_VERSION };
  if ((role === 'bot' || role === 'service') && viewer?.subject && label(viewer.subject)) return { name: `${role}:${viewer.subject}`, version: UNKNOWN_VERSION };
  return { name: `role:${role}`, version: UNKNOWN_VERSION };
}

function label(value: string | string[] | undefined): string | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  return text && LABEL.test(text) ? text : undefined;
}
