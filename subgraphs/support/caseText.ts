import { badInput } from '../../common/errors';

export const SUBJECT_MAX = 200;
export const SUMMARY_MAX = 4000;

/** Trimmed text of 1..max characters, or BAD_USER_INPUT naming the argument. */
export function requireText(argumentName: string, value: string, max: number): string {
  const text = value.trim();
  if (text.length === 0) throw badInput(argumentName, `${argumentName} must not be empty`);
  if (text.length > max) {
    throw badInput(argumentName, `${argumentName} must be at most ${max} characters, got ${text.length}`);
  }
  return text;
}
