import { when, words } from '../format';
import type { NotificationRecord } from './types';

/** Everything the company sent the customer, newest first, with the exact text. */
export function NotificationList({ notifications }: { notifications: readonly NotificationRecord[] }) {
  if (notifications.length === 0) return <p className="empty">Nothing sent yet.</p>;
  return (
    <ul className="notifications">
      {notifications.map((n) => (
        <li key={n.id} data-notification={n.id}>
          <details>
            <summary>
              <time dateTime={n.sentAt}>{when(n.sentAt)}</time> <span className="channel">{words(n.channel)}</span> {n.subject}
            </summary>
            <p>{n.body}</p>
          </details>
        </li>
      ))}
    </ul>
  );
}
