// Every statement the stores send has a name, so that LOG_SQL lines and the SQL metrics say which one ran.
// Raw SQL opens with its name as a comment (`/* relatedPage */ SELECT ...`); a query-builder call runs
// under named(), and Prisma's SQL commenter appends the name (`... /*statement='articlesById'*/`). Calls
// outside named() (the ingest writer) are tagged with their model and action, e.g. `Article.create`.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { SqlCommenterPlugin } from '@prisma/client/runtime/client';
import type { Prisma } from '../generated/sqlite/client.js';

/** What the raw-SQL helpers need of a client: the client itself or a transaction. */
export type RawClient = Pick<Prisma.TransactionClient, '$queryRaw' | '$executeRaw'>;

/** A count per parent id, the shape of every batched COUNT(*) ... GROUP BY. */
export interface CountRow {
  id: number;
  n: number;
}

/** Reported for a statement that carries no name (none of the stores' statements). */
export const UNNAMED_STATEMENT = 'unnamed';
/** Prisma's own transaction control statements. */
const TRANSACTION_CONTROL = /^\s*(BEGIN|COMMIT|ROLLBACK)\b/i;

const LEADING_NAME = /^\s*\/\*\s*([A-Za-z][\w.]*)\s*\*\//;
const COMMENTER_NAME = /\/\*[^*]*\bstatement='([^']+)'[^*]*\*\/\s*$/;
const currentName = new AsyncLocalStorage<string>();

/** Runs a query-builder call under a statement name. */
export function named<T>(name: string, query: () => PromiseLike<T>): Promise<T> {
  // Awaited inside run(): Prisma's promises are lazy, and the query must start where the name is visible.
  return currentName.run(name, async () => await query());
}

/** The PrismaClient `comments` plugin that writes named()'s name, or the model and action, into the SQL. */
export const statementNameComment: SqlCommenterPlugin = ({ query }) => {
  const name = currentName.getStore();
  if (name) return { statement: name };
  return { statement: query.modelName ? `${query.modelName}.${query.action}` : undefined };
};

/** The name a statement carries (see the top of this file), or UNNAMED_STATEMENT. */
export function statementName(sql: string): string {
  const name = LEADING_NAME.exec(sql)?.[1] ?? COMMENTER_NAME.exec(sql)?.[1];
  if (name) return decodeURIComponent(name);
  return TRANSACTION_CONTROL.test(sql) ? 'transaction' : UNNAMED_STATEMENT;
}

export function assertNamed(query: Prisma.Sql): void {
  if (!LEADING_NAME.test(query.strings[0] ?? '')) {
    throw new Error(`Raw SQL must open with its name as a comment, e.g. /* relatedPage */: ${query.sql.slice(0, 80)}`);
  }
}

/**
 * Runs a named raw query and converts its rows in the one way this project needs: drivers return integers
 * as bigint (SQLite's integers, PostgreSQL's COUNT) or number; ids, ranks and counts here fit a number.
 */
export async function queryRows<T extends object>(client: RawClient, query: Prisma.Sql): Promise<T[]> {
  assertNamed(query);
  const rows = await client.$queryRaw<Record<string, unknown>[]>(query);
  return rows.map((row) => {
    const converted: Record<string, unknown> = {};
    for (const [column, value] of Object.entries(row)) converted[column] = typeof value === 'bigint' ? Number(value) : value;
    return converted as T;
  });
}

/** Runs a named raw statement that returns no rows; resolves to the number of rows it changed. */
export async function executeStatement(client: RawClient, query: Prisma.Sql): Promise<number> {
  assertNamed(query);
  return client.$executeRaw(query);
}
