/**
 * Money arithmetic in integer cents (BigInt): amounts travel as decimal strings and never pass
 * through binary floats.
 */
const DECIMAL = /^(\d+)(?:\.(\d{1,2}))?$/;

export function toCents(amount: string): bigint {
  const match = DECIMAL.exec(amount);
  if (!match) throw new RangeError(`not a money amount: "${amount}"`);
  return BigInt(match[1]) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
}

export function fromCents(cents: bigint): string {
  const sign = cents < 0n ? '-' : '';
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

export interface Money {
  amount: string;
  currency: string;
}

export function money(amount: string, currency: string): Money {
  return { amount, currency };
}
