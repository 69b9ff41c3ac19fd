import type { GraphQLSchema } from 'graphql';
import { isObjectOfType, type ResultMap } from '../merge';

/**
 * A flatten path's type condition, in Apollo Router's notation: `|[Book,Magazine]` after a field or
 * a list (`@`) keeps only the objects of those types (Hive's plans have them; no field name starts with `|`).
 */
export function typeConditionSegment(types: readonly string[]): string {
  return `|[${types.join(',')}]`;
}

/** The types a path segment keeps, or undefined for a field or `@`. */
export function typeConditionOf(segment: string | number): string[] | undefined {
  return typeof segment === 'string' && segment.startsWith('|[') && segment.endsWith(']') ? segment.slice(2, -1).split(',') : undefined;
}

/** An object without __typename is kept (the Hive Router does the same). */
export function satisfiesTypeCondition(schema: GraphQLSchema, object: ResultMap, types: readonly string[]): boolean {
  return types.some((type) => isObjectOfType(schema, object, type, true));
}
