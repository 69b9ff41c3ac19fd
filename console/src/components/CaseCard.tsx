import type { ReactNode } from 'react';
import { when, words } from '../format';
import type { CaseRecord } from './types';

/** A support case with its whole history, every channel in one timeline. */
export function CaseCard({ supportCase, actions, focused }: { supportCase: CaseRecord; actions?: ReactNode; focused?: boolean }) {
  const c = supportCase;
  return (
    <article className={focused ? 'card focused' : 'card'} aria-labelledby={`case-${c.number}`} data-case={c.number}>
      <header className="card-head">
        <h3 id={`case-${c.number}`}>
          Case {c.number}: {c.subject}
        </h3>
        <span className={`status status-${c.status.toLowerCase()}`}>{words(c.status)}</span>
      </header>
      <p className="meta">
        Opened {when(c.openedAt)} by {words(c.channel)}
        {c.order && <> · about order {c.order.number}</>}
      </p>
      <ol className="timeline" aria-label={`History of case ${c.number}`}>
        {c.interactions.map((i, index) => (
          <li key={`${i.at}-${index}`}>
            <time dateTime={i.at}>{when(i.at)}</time> <span className="channel">{words(i.channel)}</span> {i.summary}
          </li>
        ))}
      </ol>
      {actions}
    </article>
  );
}
