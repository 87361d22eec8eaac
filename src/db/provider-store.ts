// Providers (news outlets): by id, by domain, in name order, and their article counts.
import { Prisma, type Provider } from '../generated/sqlite/client.js';
import type { Database } from './client.js';
import { idIn, sqlBoolean } from './dialect.js';
import { readRows } from './reader.js';
import { type CountRow, named } from './statements.js';

/** A provider as the API reads it. */
export type ProviderRecord = Pick<Provider, 'id' | 'domain' | 'name'>;

export function providersByIds(db: Database, ids: readonly number[]): Promise<ProviderRecord[]> {
  return readRows<ProviderRecord>(
    db.reader,
    Prisma.sql`/* providersById */ SELECT p.id, p.domain, p.name FROM provider p WHERE ${idIn(db.dialect, 'p.id', ids)}`,
  );
}

/** `domain` as stored: normalized (see normalizeDomain). */
export function providerByDomain(db: Database, domain: string): Promise<Provider | null> {
  return named('providerByDomain', () => db.read.provider.findUnique({ where: { domain } }));
}

/** Providers by name (ties by id), for offset paging. */
export function providerPage(db: Database, { limit, offset }: { limit: number; offset: number }): Promise<Provider[]> {
  return named('providerPage', () =>
    db.read.provider.findMany({ orderBy: [{ name: 'asc' }, { id: 'asc' }], take: limit, skip: offset }),
  );
}

export function providerCount(db: Database): Promise<number> {
  return named('providerCount', () => db.read.provider.count());
}

/** Articles of each provider, related-only stubs excluded; providers without any have no row. */
export function providerArticleCounts(db: Database, providerIds: readonly number[]): Promise<CountRow[]> {
  return readRows<CountRow>(
    db.reader,
    Prisma.sql`/* providerArticleCount */ SELECT provider_id AS id, COUNT(*) AS n FROM article
      WHERE ${idIn(db.dialect, 'provider_id', providerIds)} AND is_stub = ${sqlBoolean(db.dialect, false)}
      GROUP BY provider_id`,
  );
}
