import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { compose, readSubgraphSdls, SUPERGRAPH_PATH } from '../common/composition';

/** `npm run compose`: schema/<subgraph>.graphql → schema/supergraph.graphql. */
const result = compose(readSubgraphSdls());
if (result.errors) {
  for (const error of result.errors) console.error(`composition error: ${error.message}`);
  process.exit(1);
}
for (const hint of result.hints ?? []) console.warn(`hint: ${hint.definition.code}: ${hint.message}`);
writeFileSync(SUPERGRAPH_PATH, result.supergraphSdl);
console.log(`wrote ${relative(process.cwd(), SUPERGRAPH_PATH)}`);
