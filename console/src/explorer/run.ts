/**
 * Sends one operation to /graphql and answers the response as pretty JSON (or the error in words).
 * Subscriptions go to /graphql/stream (graphql-sse's distinct-connections mode, plain fetch):
 * every event is shown as it arrives, newest first.
 */
export async function runOperation(query: string, variablesText: string, token: string, onEvent: (text: string) => void): Promise<string> {
  let variables: unknown;
  try {
    variables = variablesText.trim() ? JSON.parse(variablesText) : undefined;
  } catch {
    return 'Variables are not valid JSON';
  }
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };
  if (token.trim()) headers.authorization = `Bearer ${token.trim()}`;
  const subscription = /^\s*subscription\b/m.test(query.replace(/#.*$/gm, ''));
  try {
    if (subscription) return await streamEvents(query, variables, headers, onEvent);
    const response = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    const text = await response.text();
    try {
      return JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      return `${response.status}: ${text}`;
    }
  } catch (error) {
    return `The gateway could not be reached: ${error instanceof Error ? error.message : String(error)}`;
  }
}

async function streamEvents(query: string, variables: unknown, headers: Record<string, string>, onEvent: (text: string) => void): Promise<string> {
  const response = await fetch('/graphql/stream', { method: 'POST', headers: { ...headers, accept: 'text/event-stream' }, body: JSON.stringify({ query, variables }) });
  if (!response.ok || !response.body) return `${response.status}: ${await response.text()}`;
  const events: string[] = [];
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const message = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = message
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trim())
        .join('\n');
      if (data) {
        events.unshift(JSON.stringify(JSON.parse(data), null, 2));
        onEvent(events.join('\n\n'));
      }
    }
  }
  return events.length > 0 ? events.join('\n\n') : 'The subscription ended without events';
}
