// The two SQL databases this project runs on ("dialects"; Prisma's schema files call them providers) and
// the small places raw SQL and database URLs differ between them.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Prisma } from '../generated/sqlite/client.js';
import { queryRows, type RawClient } from './statements.js';

export const SQL_DIALECTS = ['sqlite', 'postgresql'] as const;
export type SqlDialect = (typeof SQL_DIALECTS)[number];

export function dialectForUrl(databaseUrl: string): SqlDialect {
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return 'postgresql';
  if (databaseUrl.startsWith('file:')) return 'sqlite';
  throw new Error(`Unsupported DATABASE_URL ${JSON.stringify(databaseUrl)}: expected file:… (SQLite) or postgresql://…`);
}

/** The absolute path of a SQLite `file:` URL; relative paths (`file:./data/news.db`) resolve from the cwd. */
export function sqlitePathForUrl(databaseUrl: string): string {
  const withoutQuery = databaseUrl.split('?')[0] ?? '';
  const path = withoutQuery.startsWith('file://') ? fileURLToPath(withoutQuery) : withoutQuery.slice('file:'.length);
  if (path === '' || path === ':memory:')
    throw new Error(`${databaseUrl}: an in-memory database cannot be migrated for later use`);
  return resolve(path);
}

/** A boolean literal for raw SQL: SQLite stores booleans as 0/1. */
export function sqlBoolean(dialect: SqlDialect, value: boolean): Prisma.Sql {
  return Prisma.raw(dialect === 'sqlite' ? (value ? '1' : '0') : String(value));
}

/**
 * A page's LIMIT, written into the statement's text rather than bound. PostgreSQL plans a prepared statement
 * once (a generic plan) only when that plan looks no costlier than the custom ones; a bound LIMIT is unknown to
 * the generic plan, which then expects a tenth of the table, so a listing page was planned again on every
 * execution (pg_prepared_statements: 0 generic plans, 12 custom; 0.6 ms of planning each). The text then
 * varies with the page size only: a few sizes in practice, and the reader's cache of texts is bounded. Where a
 * parameter's value decides the best plan (a search term), no single plan serves: such statements run unnamed,
 * planned each time (ReadOptions.planEach in reader.ts).
 */
export function sqlLimit(limit: number): Prisma.Sql {
  if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`a LIMIT must be a non-negative integer, not ${limit}`);
  return Prisma.raw(String(limit));
}

/** The dialect behind a client whose URL is not at hand: only SQLite knows sqlite_version(). */
export async function probeDialect(client: RawClient): Promise<SqlDialect> {
  try {
    await queryRows(client, Prisma.sql`/* dialectProbe */ SELECT sqlite_version() AS version`);
    return 'sqlite';
  } catch {
    return 'postgresql';
  }
}

/**
 * `column` is one of `ids`, as one parameter whatever their number: the statement's text stays the same,
 * so it is prepared once (src/db/reader.ts). PostgreSQL takes an int[]; SQLite a JSON array.
 */
export function idIn(dialect: SqlDialect, column: string, ids: readonly number[]): Prisma.Sql {
  return valueIn(dialect, Prisma.raw(column), ids, 'int');
}

/** `expression` is one of `values` (strings), as one parameter: see idIn. */
export function textIn(dialect: SqlDialect, expression: Prisma.Sql, values: readonly string[]): Prisma.Sql {
  return valueIn(dialect, expression, values, 'text');
}

function valueIn(dialect: SqlDialect, expression: Prisma.Sql, values: readonly (number | string)[], type: 'int' | 'text') {
  return dialect === 'sqlite'
    ? Prisma.sql`${expression} IN (SELECT value FROM json_each(${JSON.stringify(values)}))`
    : Prisma.sql`${expression} = ANY(${[...values]}::${Prisma.raw(type)}[])`;
}
