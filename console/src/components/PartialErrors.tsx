import type { GraphQLFormattedError } from 'graphql';

/** What each subgraph's outage removes from the screen, in words an agent can repeat. */
const MISSING: Record<string, string> = {
  orders: 'orders not shown',
  support: 'cases not shown',
  notifications: 'notifications not shown',
  pricing: 'product names and prices not shown',
};

/** One plain sentence per part of the graph that did not answer; the rest of the screen still shows. */
export function describeErrors(errors: readonly GraphQLFormattedError[] | undefined): string[] {
  const lines = new Set<string>();
  for (const error of errors ?? []) {
    const service = typeof error.extensions?.serviceName === 'string' ? error.extensions.serviceName : undefined;
    const code = error.extensions?.code;
    if (service && (code === 'SUBGRAPH_UNAVAILABLE' || code === 'DOWNSTREAM_SERVICE_ERROR' || !code)) {
      const name = service.charAt(0).toUpperCase() + service.slice(1);
      lines.add(`${name} is unavailable: ${MISSING[service] ?? 'part of this page not shown'}`);
    } else lines.add(error.message);
  }
  return [...lines];
}

export function PartialErrors({ errors }: { errors: readonly GraphQLFormattedError[] | undefined }) {
  const lines = describeErrors(errors);
  if (lines.length === 0) return null;
  return (
    <div className="alert" role="alert">
      {lines.map((line) => (
        <p key={line}>{line}</p>
      ))}
    </div>
  );
}
