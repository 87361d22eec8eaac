// The write journal (prisma/*/migrations/*_write_journal): the data version every write transaction bumps as
// its last statement, and the articles that became visible, stamped with that version. Bumping last keeps the
// row locked only from the bump to the commit, and it orders commits: on PostgreSQL concurrent writers queue
// on the row, so versions are committed in increasing order and a reader that saw version V has seen every
// write up to V. Readers check the version to key the response cache and to find new articles to announce.
// The same row keeps the number of listed articles (migration *_listed_article_count), so the default
// listing's totalCount reads a row where a count would read the whole table.
import { Prisma } from '../generated/sqlite/client.js';
import type { Database } from './client.js';
import { executeStatement, queryRows, type RawClient } from './statements.js';

/** Journal rows kept per writer: far more than any subscriber lags behind between two of its polls. */
const JOURNAL_VERSIONS_KEPT = 10_000;

/**
 * Ends a write transaction: bumps the data version, stamps the articles this transaction made visible (the
 * triggers inserted them unstamped; rows of other uncommitted transactions are invisible here) and takes the
 * listed articles it removed. Triggers fold both into the listed-article count (migration
 * *_listed_article_count), so a build of the server from before the count keeps it right too.
 */
export async function recordWrite(tx: RawClient): Promise<number> {
  const [row] = await queryRows<{ version: number }>(
    tx,
    Prisma.sql`/* bumpDataVersion */ UPDATE data_version SET version = version + 1 WHERE id = 1 RETURNING version`,
  );
  if (!row) throw new Error('data_version holds no row: the write journal migration is missing');
  await executeStatement(
    tx,
    Prisma.sql`/* stampArticlesAdded */ UPDATE article_added SET version = ${row.version} WHERE version IS NULL`,
  );
  await executeStatement(tx, Prisma.sql`/* takeArticlesRemoved */ DELETE FROM article_removed`);
  if (row.version % 100 === 0) {
    await executeStatement(
      tx,
      Prisma.sql`/* pruneArticlesAdded */ DELETE FROM article_added WHERE version < ${row.version - JOURNAL_VERSIONS_KEPT}`,
    );
  }
  return row.version;
}

/**
 * The number of listed (not stub) articles in the reader's snapshot: the count the writes recorded, plus the
 * journal rows no write has recorded yet (rows written outside the server; none in the usual case).
 */
export const LISTED_ARTICLE_COUNT = Prisma.sql`SELECT (SELECT listed_articles FROM data_version WHERE id = 1)
  + (SELECT COUNT(*) FROM article_added WHERE version IS NULL)
  - (SELECT COUNT(*) FROM article_removed) AS n`;

/** The version of the last committed write, read from the primary (replicas may lag behind it). */
export async function readDataVersion(db: Database): Promise<number> {
  const [row] = await queryRows<{ version: number }>(
    db.prisma,
    Prisma.sql`/* dataVersion */ SELECT version FROM data_version WHERE id = 1`,
  );
  return row?.version ?? 0;
}

export interface DataStamp {
  version: number;
  /** Random per database (the write journal migration sets it): cache entries of two databases never mix. */
  databaseId: string;
}

/** The data version with the database's id, read from `client` (the primary unless told otherwise). */
export async function readDataStamp(db: Database, client: RawClient = db.prisma): Promise<DataStamp | null> {
  const [row] = await queryRows<DataStamp>(
    client,
    Prisma.sql`/* dataVersion */ SELECT version, database_id AS "databaseId" FROM data_version WHERE id = 1`,
  );
  return row ? { version: Number(row.version), databaseId: row.databaseId } : null;
}

export interface ArticleAdded {
  articleId: number;
  /** The data version of the write that made it visible. */
  version: number;
}

/** The articles that became visible in writes after version `after` up to `upTo`, in the order they did. */
export async function articlesAddedBetween(db: Database, after: number, upTo: number): Promise<ArticleAdded[]> {
  return queryRows<ArticleAdded>(
    db.prisma,
    Prisma.sql`/* articlesAdded */ SELECT article_id AS "articleId", version FROM article_added
    WHERE version > ${after} AND version <= ${upTo} ORDER BY version, seq`,
  );
}
