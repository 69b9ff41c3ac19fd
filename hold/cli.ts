import { chaosCommand } from './chaos/chaosCommand';
import { consistencyCommand } from './consistency/consistencyCommand';
import { fuzzCommand } from './fuzz/fuzzCommand';
import { soakCommand } from './soak/soakCommand';

/**
 * `npm run hold -- <mode> [options]`: the graph under hostile input (fuzz), faults (chaos) and
 * time (soak), and the entity cache's reads against the history of writes (consistency). Each mode
 * starts what it needs itself and exits non-zero when the graph fails the bar.
 *
 *   fuzz  [--quick] [--cases N] [--seed N] [--replay I]
 *   chaos [--only pg-kill,pg-down,nats-restart,redis-hang,subgraph-hang,gateway-kill]
 *   soak  [--quick] [--minutes N]   (default 10 minutes; --quick: 1)
 *   consistency [--quick] [--seconds N]   (default 60 s; --quick: 20 s, no results file)
 */
const USAGE = 'usage: npm run hold -- fuzz [--quick] [--cases N] [--seed N] [--replay I] | chaos [--only a,b] | soak [--quick] [--minutes N] | consistency [--quick] [--seconds N]';

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
}

function number(args: string[], name: string, fallback: number): number {
  const text = option(args, name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new Error(`--${name} must be a number, got "${text}"`);
  return value;
}

async function main(args: string[]): Promise<number> {
  // A local demo graph: demo secrets and a quiet log unless asked otherwise.
  process.env.DEMO_MODE ??= 'true';
  process.env.LOG_LEVEL ??= 'silent';
  const [mode] = args;
  const quick = args.includes('--quick');
  switch (mode) {
    case 'fuzz':
      return fuzzCommand({
        cases: number(args, 'cases', quick ? 500 : 10_000),
        seed: number(args, 'seed', Date.now() % 2 ** 31),
        replay: option(args, 'replay') === undefined ? undefined : number(args, 'replay', 0),
      });
    case 'chaos':
      return chaosCommand({ only: option(args, 'only')?.split(',') });
    case 'soak':
      return soakCommand({ minutes: number(args, 'minutes', quick ? 1 : 10) });
    case 'consistency':
      return consistencyCommand({ quick, seconds: number(args, 'seconds', quick ? 20 : 60) });
    default:
      console.error(USAGE);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
