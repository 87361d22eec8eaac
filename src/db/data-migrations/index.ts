// Data steps: TypeScript a migration needs where SQL cannot say it (Unicode normalization, transliteration).
// A step is registered under its migration's directory name and runs right after that migration's SQL, on the
// same connection and inside the same transaction: the migration and its data step commit together or not at
// all, and a database is never left half re-keyed. The step's code is not part of the migration's checksum
// (Prisma's _prisma_migrations records migration.sql only), so a registered step must never change meaning.
import { fillLanguageAndSearchText } from './article-language-search.js';
import { rekeyTopicsAndSlugs } from './world-identity.js';

/** SQL a data step runs: `?` placeholders (numbered for PostgreSQL by the runner), rows as plain objects. */
export interface MigrationSql {
  all<Row>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  run(sql: string, params?: readonly unknown[]): Promise<void>;
}

export type DataStep = (sql: MigrationSql) => Promise<void>;

/** Data steps by migration directory name (prisma/<dialect>/migrations/<name>); the same step for both dialects. */
export const DATA_STEPS: Readonly<Record<string, DataStep>> = {
  '20261130002851_world_identity': rekeyTopicsAndSlugs,
  '20261130020303_article_language_search': fillLanguageAndSearchText,
};

/** `?` placeholders as PostgreSQL's `$1, $2, ...` (our steps never put a `?` inside a string literal). */
export function numberedPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
