// Statement names: what LOG_SQL and the metrics read from a statement, and the rule that raw SQL is named.
import { describe, expect, it } from 'vitest';
import { queryRows, type RawClient, statementName } from '../../src/db/statements.js';
import { Prisma } from '../../src/generated/sqlite/client.js';

describe('statementName', () => {
  it("reads the leading comment of raw SQL and the name Prisma's SQL commenter appends", () => {
    expect(statementName('/* relatedPage */ SELECT 1')).toBe('relatedPage');
    expect(statementName("SELECT `main`.`article`.`id` FROM `main`.`article` LIMIT ? /*statement='articlesById'*/")).toBe(
      'articlesById',
    );
    expect(statementName('INSERT INTO "article" ("title") VALUES ($1) /*statement=\'Article.create\'*/')).toBe('Article.create');
    expect(statementName('COMMIT')).toBe('transaction');
    expect(statementName('SELECT 1')).toBe('unnamed');
  });
});

describe('queryRows', () => {
  const client = { $queryRaw: async () => [{ id: 7n, n: 2, title: 't' }] } as unknown as RawClient;

  it('turns bigints into numbers and leaves other values alone', async () => {
    expect(await queryRows(client, Prisma.sql`/* sample */ SELECT 1`)).toEqual([{ id: 7, n: 2, title: 't' }]);
  });

  it('refuses raw SQL without a name', async () => {
    await expect(queryRows(client, Prisma.sql`SELECT 1`)).rejects.toThrow(/must open with its name/);
  });
});
