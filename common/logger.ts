import pino, { type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs; LOG_LEVEL sets the level (tests run with LOG_LEVEL=silent). */
export function createLogger(component: string, env: NodeJS.ProcessEnv = process.env): Logger {
  return pino({ name: component, level: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info') });
}
