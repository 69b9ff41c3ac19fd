import type { Fact, Observation, ReadOp, WriteOp } from './history';

/** A read that missed a write completed before it started. */
export interface StaleRead {
  read: ReadOp;
  write: WriteOp;
  /** What the read saw of the write's entity. */
  saw: string;
  /** How long before the read was sent the write had been answered. */
  afterWriteMs: number;
}

export interface CheckReport {
  staleReads: StaleRead[];
  /** Reads that answered, each checked against every write answered before it was sent. */
  readsChecked: number;
  readErrors: number;
  /** (read, earlier write) pairs where the read saw the write's entity: what was actually compared. */
  comparisons: number;
  writes: number;
  writeErrors: number;
  readsFromCache: number;
  /** Reads that saw an entity as it was before a write they overlapped: allowed, and counted. */
  oldButConcurrent: number;
  /**
   * The longest a read could legitimately see old data: the longest write (sent to answered) that a read of its
   * entity overlapped. A read sent within it may see either state; one sent after its end must see the new one.
   */
  longestWindowMs: number;
}

/** How the read saw the fact's entity: undefined when it did not see it, else whether each sighting holds. */
function sightings(fact: Fact, seen: Observation): Array<{ holds: boolean; saw: string }> {
  switch (fact.kind) {
    case 'cancelled':
      return seen.orders.filter((o) => o.number === fact.order).map((o) => ({ holds: o.status === 'CANCELLED', saw: `order ${o.number} ${o.status}` }));
    case 'returned':
      return seen.orders
        .filter((o) => o.number === fact.order)
        .map((o) => ({ holds: o.returnIds.includes(fact.returnId), saw: `order ${o.number} returns [${o.returnIds.join(', ')}]` }));
    case 'noted':
      return seen.cases
        .filter((c) => c.number === fact.caseNumber)
        .map((c) => ({ holds: c.summaries.includes(fact.summary), saw: `case ${c.number} with ${c.summaries.length} interactions, not "${fact.summary}"` }));
    case 'priced':
      return seen.prices.filter((p) => p.sku === fact.sku).map((p) => ({ holds: p.cents >= fact.cents, saw: `${p.sku} at ${p.cents} cents` }));
  }
}

export function describeFact(fact: Fact): string {
  switch (fact.kind) {
    case 'cancelled':
      return `order ${fact.order} CANCELLED`;
    case 'returned':
      return `order ${fact.order} has return ${fact.returnId}`;
    case 'noted':
      return `case ${fact.caseNumber} has "${fact.summary}"`;
    case 'priced':
      return `${fact.sku} at least ${fact.cents} cents`;
  }
}

/**
 * Checks every read against the history: a read must show every write answered before it was sent (the
 * seeds' "right after cancelOrder returns, every channel sees CANCELLED", for each kind of write). A write
 * that failed proves nothing and is not required; a read that failed shows nothing and is not checked.
 */
export function checkHistory(writes: readonly WriteOp[], reads: readonly ReadOp[]): CheckReport {
  const done = writes.filter((w) => w.fact !== undefined);
  const report: CheckReport = {
    staleReads: [],
    readsChecked: 0,
    readErrors: 0,
    comparisons: 0,
    writes: writes.length,
    writeErrors: writes.length - done.length,
    readsFromCache: 0,
    oldButConcurrent: 0,
    longestWindowMs: 0,
  };
  for (const read of reads) {
    if (!read.observation) {
      report.readErrors++;
      continue;
    }
    report.readsChecked++;
    if (read.cacheHits > 0) report.readsFromCache++;
    for (const write of done) {
      if (write.start > read.end) continue; // sent after the read was answered: nothing to say about it
      const seen = sightings(write.fact!, read.observation);
      if (seen.length === 0) continue;
      const before = write.end < read.start;
      if (before) report.comparisons++;
      else report.longestWindowMs = Math.max(report.longestWindowMs, write.end - write.start);
      const miss = seen.find((s) => !s.holds);
      if (!miss) continue;
      if (before) report.staleReads.push({ read, write, saw: miss.saw, afterWriteMs: read.start - write.end });
      else report.oldButConcurrent++;
    }
  }
  return report;
}
