import { AGENT, identityHeaders } from '../../../test/support/identity';
import type { DomainEvent } from '../../../common/events';
import type { NotificationSender } from '../sender';
import type { NotificationRecord } from '../types';

export interface GraphQLResponse<T> {
  data?: T;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

export async function postGraphQL<T = Record<string, any>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await identityHeaders(AGENT, 'notifications')) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResponse<T>;
}

/** A sender that keeps what it was given and can be told to fail its next sends or to take its time. */
export class RecordingSender implements NotificationSender {
  readonly sent: NotificationRecord[] = [];
  failuresLeft = 0;
  delayMs = 0;

  async send(notification: NotificationRecord): Promise<void> {
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (this.failuresLeft > 0) {
      this.failuresLeft--;
      throw new Error('mail relay unavailable');
    }
    this.sent.push(notification);
  }
}

export function event(id: string, type: string, payload: Record<string, unknown>): DomainEvent {
  return { id, type, source: 'orders', occurredAt: new Date().toISOString(), payload };
}
