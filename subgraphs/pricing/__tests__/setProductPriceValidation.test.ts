import { GraphQLError } from 'graphql';
import { parseNewPrice } from '../setProductPrice';

describe('new price validation', () => {
  test.each(['19.99', '5', '0.01', '1234567890.12', ' 31.5 '])('When the amount is %p, then it is accepted', (raw) => {
    expect(parseNewPrice(raw)).toBe(raw.trim());
  });

  test.each(['0', '0.00', '-5', '12.345', 'abc', '', '1e3', '.5', '5.', '12345678901', '19,99', 'NaN'])(
    'When the amount is %p, then it is refused with BAD_USER_INPUT naming amount',
    (raw) => {
      let caught: unknown;
      try {
        parseNewPrice(raw);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(GraphQLError);
      expect((caught as GraphQLError).extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'amount' });
    },
  );
});
