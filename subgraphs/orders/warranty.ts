/** A warranty covers through its last day, in UTC. */
export function isWarrantyActive(expiresOn: string | null, now: Date): boolean {
  return expiresOn !== null && expiresOn >= now.toISOString().slice(0, 10);
}
