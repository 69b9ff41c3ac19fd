import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * One synchronous stdout stream per process, shared by every component's logger. pino's default
 * stream writes asynchronously: a line logged just before a crash (SIGKILL, OOM) could be lost while
 * the work after it went on, and the demo mail transport's "notification sent" line is the message
 * itself, marked delivered right after. Written synchronously, a line is out when the call returns.
 */
let stdout: DestinationStream | undefined;

/** Structured JSON logs; LOG_LEVEL sets the level (tests run with LOG_LEVEL=silent). */
export function createLogger(component: string, env: NodeJS.ProcessEnv = process.env): Logger {
  stdout ??= pino.destination({ dest: 1, sync: true });
  return pino({ name: component, level: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info') }, stdout);
}
