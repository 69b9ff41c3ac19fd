/** SKUs are stored upper case; callers type them in any case and with stray spaces. */
export function normalizeSku(raw: string): string {
  return raw.trim().toUpperCase();
}
