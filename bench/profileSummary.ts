import { readFileSync } from 'node:fs';

/**
 * `tsx bench/profileSummary.ts <file.cpuprofile> [top]`: where a V8 CPU profile (node --cpu-prof)
 * spent its time, by package (node_modules/<name>, or the project's own folders) and by function,
 * self time only. docs/performance.md's "where the gateway's time goes" comes from these.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export function summariseProfile(profile: Profile, top = 25) {
  const selfMs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) selfMs.set(samples[i], (selfMs.get(samples[i]) ?? 0) + (deltas[i] ?? 0) / 1000);
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const ms = selfMs.get(node.id) ?? 0;
    if (!ms) continue;
    total += ms;
    const { functionName, url, lineNumber } = node.callFrame;
    const name = functionName || '(anonymous)';
    const pkg = packageOf(url, name);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + ms);
    const where = url ? `${shortUrl(url)}:${lineNumber + 1}` : '';
    const key = `${name} ${where}`.trim();
    byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
  }
  const idle = (byPackage.get('(idle)') ?? 0) + (byPackage.get('(program)') ?? 0);
  const sorted = (m: Map<string, number>) =>
    [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, v]) => ({ what: k, ms: Math.round(v), share: `${((100 * v) / total).toFixed(1)}%` }));
  return { totalMs: Math.round(total), idleOrProgramMs: Math.round(idle), byPackage: sorted(byPackage), byFunction: sorted(byFunction) };
}

function packageOf(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match) return match[1];
  if (url.startsWith('node:internal/deps/')) return `node:internal/deps/${url.slice(19).split('/')[0]} (bundled in node)`;
  if (url.startsWith('node:internal/')) return `node:internal/${url.slice(14).split('/')[0]}`;
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const own = /\/work\/[^/]+\/([^/]+)\//.exec(url) ?? /file:\/\/.*?\/(gateway|common|bench|subgraphs|scripts|mcp)\//.exec(url);
  return own ? `(project) ${own[1]}` : shortUrl(url);
}

function shortUrl(url: string): string {
  return url.replace(/^file:\/\//, '').replace(/^.*node_modules\//, '').replace(/^.*\/(gateway|common|bench|subgraphs|scripts|mcp)\//, '$1/');
}

if (require.main === module) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    console.error('usage: tsx bench/profileSummary.ts <file.cpuprofile> [top]');
    process.exit(2);
  }
  const summary = summariseProfile(JSON.parse(readFileSync(file, 'utf8')) as Profile, Number(top ?? 25));
  console.log(`total ${summary.totalMs} ms sampled (idle/program ${summary.idleOrProgramMs} ms)\n\nby package (self):`);
  for (const row of summary.byPackage) console.log(`  ${row.share.padStart(6)}  ${String(row.ms).padStart(7)} ms  ${row.what}`);
  console.log('\nby function (self):');
  for (const row of summary.byFunction) console.log(`  ${row.share.padStart(6)}  ${String(row.ms).padStart(7)} ms  ${row.what}`);
}
