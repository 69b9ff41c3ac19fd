import type { ResultMap } from './merge';

const END = Symbol('end of a representation');
type Level = Map<unknown, Level | number>;

/**
 * The distinct entity representations of one fetch, in the order first met: two representations
 * are the same when their JSON texts are (the rule the fetch always had), found without writing
 * that text for the usual flat ones (`__typename` and scalar keys): each name and value is a step
 * in a tree of maps. A representation holding an object or a list is keyed by its JSON text.
 * Stringifying every representation was a twentieth of the gateway's time on a query fetching
 * some 460 entities (bench/results/2026-12-07-perf-notes.md).
 */
export class DistinctRepresentations {
  readonly list: ResultMap[] = [];
  private readonly tree: Level = new Map();
  private readonly byText = new Map<string, number>();

  /** The index of `rep` among the distinct ones, added if new. */
  indexOf(rep: ResultMap): number {
    let level = this.tree;
    for (const name in rep) {
      const value = rep[name];
      // JSON.stringify leaves an undefined value out, and so does the key.
      if (value === undefined) continue;
      if (typeof value === 'object' && value !== null) return this.byJson(rep);
      level = step(step(level, name), value);
    }
    const found = level.get(END);
    if (found !== undefined) return found as number;
    level.set(END, this.list.length);
    this.list.push(rep);
    return this.list.length - 1;
  }

  private byJson(rep: ResultMap): number {
    const text = JSON.stringify(rep);
    const found = this.byText.get(text);
    if (found !== undefined) return found;
    this.byText.set(text, this.list.length);
    this.list.push(rep);
    return this.list.length - 1;
  }
}

function step(level: Level, key: unknown): Level {
  let next = level.get(key) as Level | undefined;
  if (next === undefined) level.set(key, (next = new Map()));
  return next;
}
