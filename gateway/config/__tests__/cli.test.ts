import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { projectPath } from '../../../common/paths';

/** `start:gateway` as a user runs it: the process stops at start-up on a bad file, and prints its configuration. */
const dir = mkdtempSync(join(tmpdir(), 'gateway-cli-'));
function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [projectPath('node_modules', 'tsx', 'dist', 'cli.mjs'), projectPath('gateway', 'index.ts'), ...args],
      { env: { PATH: process.env.PATH, NODE_ENV: 'test', DEMO_MODE: 'true', LOG_LEVEL: 'silent', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

test('When the config file has an unknown key or a bad value, then the gateway process exits 1 with the key named', async () => {
  const unknown = join(dir, 'unknown.yaml');
  writeFileSync(unknown, 'server:\n  prot: 4000\n');
  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, 'server:\n  port: high\n');
  const [first, second] = await Promise.all([run(['--config', unknown]), run(['--config', bad])]);
  expect(first.code).toBe(1);
  expect(first.stderr).toContain('unknown key server.prot (known here: port, host');
  expect(second.code).toBe(1);
  expect(second.stderr).toContain('server.port must be a whole number >= 0, got "high"');
});

test('When asked for --print-config, then it prints the effective configuration, environment over file, secrets redacted, and exits', async () => {
  const file = join(dir, 'print.yaml');
  writeFileSync(file, 'server: { port: 8080 }\nlimits: { maxCost: 777 }\nauth: { jwtSecret: "0123456789abcdef0123456789abcdef-file" }\n');
  const { code, stdout } = await run(['--config', file, '--print-config'], { PORT: '9999' });
  expect(code).toBe(0);
  expect(stdout).not.toContain('0123456789abcdef');
  const printed = parseYaml(stdout);
  expect(printed.server.port).toBe(9999);
  expect(printed.limits.maxCost).toBe(777);
  expect(printed.auth.jwtSecret).toBe('<redacted>');
});
