import { GraphQLError } from 'graphql';
import { normaliseEmail, normalisePhone } from '../identifiers';
import { cancellationMessage, CANCELLATION_REASONS } from '../cancellationMessages';

describe('how customers quote themselves', () => {
  test.each(['+1 555 010 0200', '(555) 010-0200', '555.010.0200', '+1-555-010-0200', '15550100200', ' 5550100200 '])(
    'When a phone is written as "%s", then it is read as +15550100200',
    (raw) => expect(normalisePhone(raw)).toBe('+15550100200'),
  );

  test.each(['call me', '12', '555-0100', ''])('When a phone is "%s", then it is refused naming phone', (raw) => {
    expect(() => normalisePhone(raw)).toThrow(GraphQLError);
    try {
      normalisePhone(raw);
    } catch (error) {
      expect((error as GraphQLError).extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'phone' });
    }
  });

  test('When an email has capitals and spaces, then it is read in lower case', () => {
    expect(normaliseEmail('  Bob.Jones@EMAIL.com ')).toBe('bob.jones@email.com');
  });

  test.each(['bob', 'bob@', 'bob@email', 'a b@email.com'])('When an email is "%s", then it is refused naming email', (raw) => {
    expect(() => normaliseEmail(raw)).toThrow(/not a valid email/);
  });
});

describe('cancellation messages', () => {
  test('When any reason is given, then it has one customer-facing message, and payment failures never blame stock', () => {
    for (const reason of CANCELLATION_REASONS) expect(cancellationMessage(reason).length).toBeGreaterThan(20);
    expect(cancellationMessage('PAYMENT_VERIFICATION_FAILED')).not.toMatch(/stock|inventory/i);
    expect(() => cancellationMessage('BECAUSE')).toThrow(/unknown cancellation reason/);
  });
});
