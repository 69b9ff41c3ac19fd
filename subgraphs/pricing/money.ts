/**
 * Money stays a decimal string end to end; comparisons go through integer cents so that
 * no amount ever passes through a binary float.
 */
export interface Money {
  amount: string;
  currency: string;
}

const DECIMAL = /^(\d+)(?:\.(\d{1,2}))?$/;

export function toCents(amount: string): bigint {
  const match = DECIMAL.exec(amount);
  if (!match) throw new Error(`not a decimal amount with at most two decimals: ${JSON.stringify(amount)}`);
  return BigInt(match[1]) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
}

export function money(amount: string, currency: string): Money {
  return { amount, currency };
}
