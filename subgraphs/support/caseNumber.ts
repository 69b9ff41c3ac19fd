/**
 * A case number is also the incident number quoted in emails and on the phone, so it is read the way
 * people type it: surrounding spaces and letter case do not matter.
 */
const CASE_NUMBER = /^CS-\d{6,}$/;

/** The canonical case number, or null when the text cannot be one (so lookups answer "unknown"). */
export function normalizeCaseNumber(input: string): string | null {
  const candidate = input.trim().toUpperCase();
  return CASE_NUMBER.test(candidate) ? candidate : null;
}
