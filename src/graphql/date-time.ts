// The DateTime scalar, limited to the years both databases store: PostgreSQL has no year 0 and ends its
// range in 4713 BC, so an instant like 0000-01-01 — valid RFC 3339, and accepted by graphql-scalars — reached
// it as an internal error. The same range bounds the dates inside cursors.
import { GraphQLError, GraphQLScalarType, type ValueNode } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import type { ErrorCode } from './errors.js';

const FIRST_INSTANT = new Date('0001-01-01T00:00:00.000Z').getTime();
const LAST_INSTANT = new Date('9999-12-31T23:59:59.999Z').getTime();

/** Whether an instant lies in the years 0001 to 9999. */
export function isStorableInstant(time: number): boolean {
  return time >= FIRST_INSTANT && time <= LAST_INSTANT;
}

function inRange(value: unknown, node?: ValueNode): Date {
  const date = value as Date;
  if (!(date instanceof Date) || !isStorableInstant(date.getTime())) {
    const given = date instanceof Date ? date.toISOString() : String(value);
    throw new GraphQLError(`DateTime ${given} is out of range: dates lie in the years 0001 to 9999`, {
      ...(node ? { nodes: node } : {}),
      extensions: { code: 'BAD_USER_INPUT' satisfies ErrorCode },
    });
  }
  return date;
}

const base = DateTimeResolver.toConfig();

export const DateTimeScalar = new GraphQLScalarType({
  ...base,
  parseValue: (value) => inRange(base.parseValue!(value)),
  parseLiteral: (ast, variables) => inRange(base.parseLiteral!(ast, variables), ast),
});
