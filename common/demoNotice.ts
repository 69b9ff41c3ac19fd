/** The line a demo-mode process prints at start-up (common/identity.ts says what demo mode is). */
export const DEMO_MODE_NOTICE =
  '*** DEMO MODE (DEMO_MODE=true): tokens signed with the demo secret published in this repository are accepted and /auth/demo hands them out. A local try-out only: never with real customers, never reachable from a network (NODE_ENV=production refuses to start in demo mode) ***';

let announced = false;

/**
 * Once per process, on stderr and whatever LOG_LEVEL says: nobody should mistake a demo process for a
 * real one, and a log level chosen to keep a console quiet must not hide it.
 */
export function announceDemoMode(demo: boolean, write: (line: string) => void = (line) => process.stderr.write(line)): void {
  if (!demo || announced) return;
  announced = true;
  write(`${DEMO_MODE_NOTICE}\n`);
}
