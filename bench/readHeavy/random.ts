import { mulberry32 } from '../../demo/world';

/**
 * Seeded randomness for the read-heavy mix: the same seed gives the same sequence of operations on
 * every machine, so two runs (cache on and off) and two benches (today's and the lead's) send the same
 * customers in the same proportions.
 */

/** The demo world's generator (demo/world.ts): small, fast, good enough to pick customers; uniform in [0, 1). */
export const seededRandom: (seed: number) => () => number = mulberry32;

/**
 * Zipf-like popularity over `n` ranks: rank k (0-based) is drawn with probability proportional to
 * 1 / (k + 1)^s. With s = 1 and n = 1,000 the first customer gets ~13 % of the reads and the first
 * hundred ~69 %, as a few accounts dominate a real support or shop front.
 */
export function zipfSampler(n: number, s: number, random: () => number): () => number {
  if (!Number.isInteger(n) || n < 1) throw new Error(`zipf: n must be a whole number >= 1, got ${n}`);
  if (!(s >= 0)) throw new Error(`zipf: s must be >= 0, got ${s}`);
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let k = 0; k < n; k++) {
    total += 1 / (k + 1) ** s;
    cumulative[k] = total;
  }
  return () => {
    const target = random() * total;
    // The first rank whose cumulative weight exceeds the target.
    let low = 0;
    let high = n - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (cumulative[mid] > target) high = mid;
      else low = mid + 1;
    }
    return low;
  };
}

/** A copy of `items` in a seeded random order (Fisher-Yates): who is popular is not tied to who was generated first. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/** The share of all draws the first `top` ranks get from zipfSampler(n, s). */
export function zipfTopShare(n: number, s: number, top: number): number {
  let head = 0;
  let total = 0;
  for (let k = 0; k < n; k++) {
    const weight = 1 / (k + 1) ** s;
    total += weight;
    if (k < top) head += weight;
  }
  return head / total;
}
