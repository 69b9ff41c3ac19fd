import { EXAMPLE_QUERIES } from '../scripts/examples';
import { startTestGraph, type TestGraph } from './support/graph';

// The queries `npm start` prints (and the README shows) are a newcomer's first contact: each must answer.
describe('npm start example queries', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startTestGraph();
  });
  afterAll(() => graph?.stop());

  test.each(EXAMPLE_QUERIES.map((example) => [example.title, example] as const))(
    'When a newcomer pastes "%s", then the graph answers it without errors',
    async (_title, example) => {
      const anonymous = example.token === '';
      const answer = await graph.query(example.query, undefined, anonymous ? { authorization: '' } : {});
      expect(answer.errors).toBeUndefined();
      expect(answer.status).toBe(200);
      // Each example looks up a seed story's record: it must be found, not null.
      const [root] = Object.values(answer.data ?? {});
      expect(root).not.toBeNull();
      expect(typeof root).toBe('object');
    },
  );
});
