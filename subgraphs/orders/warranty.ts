const DAY_MS = 24 * 60 * 60 * 1000;

/** A warranty covers through its last day, in UTC. */
export function isWarrantyActive(expiresOn: string | null, now: Date): boolean {
  return expiresOn !== null && expiresOn >= now.toISOString().slice(0, 10);
}

/**
 * When `active` next changes by itself: the first instant after its last day (UTC) while it is active; never
 * (null) once it has run out, or without a warranty.
 */
export function warrantyActiveUntil(expiresOn: string | null, now: Date): Date | null {
  if (!isWarrantyActive(expiresOn, now)) return null;
  return new Date(Date.parse(`${expiresOn}T00:00:00.000Z`) + DAY_MS);
}
