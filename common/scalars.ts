import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { quoteInput } from './errors';

/** DateTime: ISO-8601 in UTC out; ISO-8601 with an offset in. */
export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  serialize(value) {
    const date = value instanceof Date ? value : new Date(String(value));
    if (Number.isNaN(date.getTime())) throw new GraphQLError(`DateTime cannot represent ${quoteInput(String(value))}`);
    return date.toISOString();
  },
  parseValue: parseDateTime,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime must be a string');
    return parseDateTime(ast.value);
  },
});

function parseDateTime(value: unknown): Date {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    throw new GraphQLError(`DateTime must be an ISO-8601 string with an offset, got ${quoteInput(value)}`);
  }
  return new Date(value);
}

/** Date: a calendar day, YYYY-MM-DD. Stored values arrive as text from SQL. */
export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  serialize(value) {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
    throw new GraphQLError(`Date cannot represent ${quoteInput(String(value))}`);
  },
  parseValue(value) {
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
    throw new GraphQLError(`Date must be YYYY-MM-DD, got ${quoteInput(value)}`);
  },
  parseLiteral(ast) {
    if (ast.kind === Kind.STRING && /^\d{4}-\d{2}-\d{2}$/.test(ast.value)) return ast.value;
    throw new GraphQLError('Date must be a YYYY-MM-DD string');
  },
});
