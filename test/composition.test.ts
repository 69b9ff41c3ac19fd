import { readFileSync } from 'node:fs';
import { compose, readSubgraphSdls, SUPERGRAPH_PATH } from '../common/composition';

describe('the committed supergraph', () => {
  test('When the subgraph SDLs are composed afresh, then the result equals schema/supergraph.graphql (run `npm run compose` after an SDL change)', () => {
    const result = compose(readSubgraphSdls());
    expect(result.errors).toBeUndefined();
    expect(readFileSync(SUPERGRAPH_PATH, 'utf8')).toBe(result.supergraphSdl);
  });
});
