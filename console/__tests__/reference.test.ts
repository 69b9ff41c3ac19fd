import { lookupsFor } from '../src/agent/reference';

/** Which lookups the one search box asks for, from the shape of what the customer quotes. */
describe('a quoted reference', () => {
  test.each([
    ['BOB.Jones@Email.com', { byEmail: true, byPhone: false, byOrder: false, byCase: false, bySku: false }],
    ['987654321', { byOrder: true, byPhone: false, byEmail: false }],
    ['987 654 321', { byOrder: true, id: '987654321' }],
    ['(555) 010-0200', { byPhone: true, byOrder: false }],
    ['+1 555 010 0200', { byPhone: true }],
    ['5550100200', { byPhone: true, byOrder: true }],
    ['cs-482913', { byCase: true, id: 'CS-482913', bySku: false }],
    ['party-lights-20', { bySku: true, byCase: true, byOrder: false }],
  ])('When the customer quotes %s, then the search asks for the right kinds', (text, expected) => {
    expect(lookupsFor(text)).toMatchObject(expected);
  });

  test('When the box is empty, then nothing is asked', () => {
    expect(lookupsFor('   ')).toBeUndefined();
  });
});
