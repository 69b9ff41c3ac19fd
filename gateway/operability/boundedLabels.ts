/**
 * A metric label from client-chosen text (operation names, error codes) with bounded cardinality:
 * the known values, plus the first `maxOthers` others; anything later is `other`. Without this a
 * client sending a fresh operation name each time would grow the metrics without end.
 */
export class BoundedLabels {
  static readonly OTHER = 'other';
  private readonly allowed: Set<string>;
  private others = 0;

  constructor(known: Iterable<string>, private readonly maxOthers: number) {
    this.allowed = new Set(known);
  }

  label(value: string): string {
    if (this.allowed.has(value)) return value;
    if (this.others >= this.maxOthers) return BoundedLabels.OTHER;
    this.others += 1;
    this.allowed.add(value);
    return value;
  }
}
