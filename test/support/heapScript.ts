import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { projectPath } from '../../common/paths';

const run = promisify(execFile);

/**
 * Runs one of bench/'s heap scripts in a child process with --expose-gc (a jest worker's heap is
 * shared with everything else the suite holds) and returns the figures it prints on its last line.
 */
export async function runHeapScript<T>(script: string, args: (string | number)[], timeoutMs = 60_000): Promise<T> {
  const { stdout } = await run(process.execPath, ['--expose-gc', '--import', 'tsx', script, ...args.map(String)], { cwd: projectPath(), timeout: timeoutMs });
  return JSON.parse(stdout.trim().split('\n').pop()!) as T;
}
