import { DistinctRepresentations } from '../distinctRepresentations';

/** Two representations are one when their JSON texts are the same, as they always were for the fetch. */
describe('the distinct representations of a fetch', () => {
  test('When representations repeat, then each distinct one is kept once, in the order first met', () => {
    const distinct = new DistinctRepresentations();
    const reps = [
      { __typename: 'Product', upc: '1' },
      { __typename: 'Product', upc: '2' },
      { __typename: 'Product', upc: '1' },
      { __typename: 'User', upc: '1' },
      { __typename: 'Product', upc: 1 },
      { __typename: 'Product', sku: '1' },
    ];
    expect(reps.map((rep) => distinct.indexOf(rep))).toEqual([0, 1, 0, 2, 3, 4]);
    expect(distinct.list.map((rep) => JSON.stringify(rep))).toEqual(
      ['{"__typename":"Product","upc":"1"}', '{"__typename":"Product","upc":"2"}', '{"__typename":"User","upc":"1"}', '{"__typename":"Product","upc":1}', '{"__typename":"Product","sku":"1"}'],
    );
  });

  test('When a representation holds an object or a list, then it is the same as another only with the same JSON text', () => {
    const distinct = new DistinctRepresentations();
    const indexes = [
      distinct.indexOf({ __typename: 'Order', id: '1', customer: { id: 'c1' } }),
      distinct.indexOf({ __typename: 'Order', id: '1', customer: { id: 'c2' } }),
      distinct.indexOf({ __typename: 'Order', id: '1', customer: { id: 'c1' } }),
      distinct.indexOf({ __typename: 'Order', id: '1', tags: ['a', 'b'] }),
      distinct.indexOf({ __typename: 'Order', id: '1', tags: ['a', 'b'] }),
    ];
    expect(indexes).toEqual([0, 1, 0, 2, 2]);
  });

  test('When a value is undefined or null, then it counts as JSON counts it: undefined left out, null a value', () => {
    const distinct = new DistinctRepresentations();
    const indexes = [
      distinct.indexOf({ __typename: 'Product', upc: '1', old: undefined }),
      distinct.indexOf({ __typename: 'Product', upc: '1' }),
      distinct.indexOf({ __typename: 'Product', upc: '1', old: null }),
      distinct.indexOf({ __typename: 'Product', upc: '1', old: null }),
    ];
    expect(indexes).toEqual([0, 0, 1, 1]);
  });
});
