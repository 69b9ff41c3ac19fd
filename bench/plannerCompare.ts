import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type DocumentNode } from 'graphql';
import { projectPath } from '../common/paths';
import { loadSupergraph } from '../gateway/engine/loadedSupergraph';
import { PLANNER_NAMES, type PlannerName } from '../gateway/engine/planners/planner';
import { CORPUS } from '../test/engine/corpus';
import { composeFeatureGraph } from '../test/engine/featureGraph';
import { heapAfterGc } from './heapAfterGc';

/**
 * `node --expose-gc -r tsx/cjs bench/plannerCompare.ts [apollo|hive]`: one planner on the project's
 * supergraph and on the differential corpus's feature graph — the memory a loaded supergraph holds
 * (JS heap after GC and resident set, the Hive planner being native), and the time to plan each
 * operation (the catalogue's and the corpus's, no plan cache: first in the process, then again). One planner
 * per process, so the memory figures are its own. Prints one JSON line; docs/federation.md has the figures.
 */
function main(): void {
  const planner = (process.argv[2] ?? 'apollo') as PlannerName;
  if (!PLANNER_NAMES.includes(planner)) throw new Error(`planner: ${PLANNER_NAMES.join(' | ')}`);
  const dir = projectPath('schema', 'operations');
  const catalogue = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(join(dir, d.name)).filter((f) => f.endsWith('.graphql')).map((f) => parse(readFileSync(join(dir, d.name, f), 'utf8'))));
  const heapBefore = heapAfterGc();
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const project = loadSupergraph(readFileSync(projectPath('schema', 'supergraph.graphql'), 'utf8'), planner);
  const loadMs = performance.now() - started;
  const heap = heapAfterGc() - heapBefore;
  const rss = process.memoryUsage().rss - rssBefore;
  const feature = loadSupergraph(composeFeatureGraph(), planner);
  const times = (schemas: typeof project.schemas, documents: DocumentNode[]) => {
    const ms: number[] = [];
    let refused = 0;
    for (const document of documents) {
      const at = performance.now();
      try {
        schemas.planner.plan(document, undefined);
        ms.push(performance.now() - at);
      } catch {
        refused += 1;
      }
    }
    ms.sort((a, b) => a - b);
    const at = (q: number) => Number(ms[Math.min(ms.length - 1, Math.floor(q * ms.length))].toFixed(2));
    return { operations: documents.length, refused, medianMs: at(0.5), p95Ms: at(0.95), totalMs: Number(ms.reduce((a, b) => a + b, 0).toFixed(1)) };
  };
  const result = {
    planner,
    projectSupergraph: { loadMs: Math.round(loadMs), heapMB: Number((heap / 1e6).toFixed(1)), rssMB: Number((rss / 1e6).toFixed(1)) },
    // First in the process (code not yet optimised), then again (what a long-running gateway sees on a plan-cache miss).
    catalogue: { first: times(project.schemas, catalogue), again: times(project.schemas, catalogue) },
    corpus: { first: times(feature.schemas, CORPUS.map((c) => parse(c.query))), again: times(feature.schemas, CORPUS.map((c) => parse(c.query))) },
  };
  console.log(JSON.stringify(result));
}

main();
