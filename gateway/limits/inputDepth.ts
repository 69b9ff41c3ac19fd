/**
 * Deepest nesting of lists and objects a request's variables, extensions or a tool's arguments may
 * have. The schema's input types nest a handful of levels; anything far deeper is an attack on the
 * recursive code that walks values (JSON.stringify, graphql-js's coercion, Ajv), which runs out of
 * stack at some thousands of levels. JSON.parse itself does not recurse, so the check comes right
 * after it and before anything else looks at the value.
 */
export const MAX_INPUT_DEPTH = 64;

/** Whether `value` nests lists or objects more than `max` deep; walked without recursion. */
export function inputDepthExceeds(value: unknown, max: number = MAX_INPUT_DEPTH): boolean {
  if (value === null || typeof value !== 'object') return false;
  const pending: Array<[object, number]> = [[value, 1]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!;
    if (depth > max) return true;
    for (const child of Array.isArray(current) ? current : Object.values(current)) {
      if (child !== null && typeof child === 'object') pending.push([child, depth + 1]);
    }
  }
  return false;
}
