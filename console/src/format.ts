export function money(value: { amount: string; currency: string } | null | undefined): string {
  if (!value) return '—';
  const symbol = value.currency === 'USD' ? '$' : `${value.currency} `;
  return `${symbol}${value.amount}`;
}

export function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' });
}

export function day(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleDateString('en-US', { dateStyle: 'medium' });
}

/** ENUM_VALUE -> "Enum value", for statuses, reasons and channels. */
export function words(value: string): string {
  const text = value.toLowerCase().replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export const CHANNEL_NAMES: Record<string, string> = { WEB: 'Web shop', STORE: 'Store till', PHONE: 'Phone', EMAIL: 'Email', CHAT: 'Chat', MAILER: 'Mailer' };
