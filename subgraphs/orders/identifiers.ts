import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { badInput, quoteInput } from '../../common/errors';

/** How customers quote themselves: an email in any letter case, a phone in any common formatting. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normaliseEmail(raw: string): string {
  const email = raw.trim().toLowerCase();
  if (email.length > 254 || !EMAIL.test(email)) throw badInput('email', `${quoteInput(raw)} is not a valid email address`);
  return email;
}

/** E.164 (a possible number: demo numbers are fictional 555s, so full validity is not required); numbers without a country code are read as North American, the shop's home market. */
export function normalisePhone(raw: string): string {
  const phone = parsePhoneNumberFromString(raw.trim(), 'US');
  if (!phone || !phone.isPossible()) throw badInput('phone', `${quoteInput(raw)} is not a valid phone number`);
  return phone.number;
}
