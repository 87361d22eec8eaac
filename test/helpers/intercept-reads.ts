// A test database whose raw reads pass through an interceptor: Prisma's $queryRaw and the driver-level
// reader (src/db/reader.ts) alike, on the primary and as `read`/`reader`. Tests stall or fail them with it.
import type { Database } from '../../src/db/client.js';
import type { SqlReader } from '../../src/db/reader.js';

/** Called for each raw read with its SQL text; `run` performs the real read. */
export type ReadInterceptor = (sql: string, run: () => Promise<unknown>) => Promise<unknown>;

export function interceptReads(db: Database, intercept: ReadInterceptor): Database {
  const prisma = new Proxy(db.prisma, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (property !== '$queryRaw') return typeof value === 'function' ? value.bind(target) : value;
      return (query: { sql: string }, ...rest: unknown[]) => intercept(query.sql, () => value.call(target, query, ...rest));
    },
  });
  const reader: SqlReader = {
    rows: (query, options) => intercept(query.sql, () => db.primaryReader.rows(query, options)) as ReturnType<SqlReader['rows']>,
    close: () => db.primaryReader.close(),
  };
  return { ...db, prisma, read: prisma, reader, primaryReader: reader } as Database;
}
