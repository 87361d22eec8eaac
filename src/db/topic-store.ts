// Topics: by id, by slug, in name order, their article counts, and trending counts over a time window.
import { Prisma, type Topic } from '../generated/sqlite/client.js';
import { topicKey } from '../ingest/slug.js';
import type { Database } from './client.js';
import { idIn, sqlBoolean } from './dialect.js';
import { readRows } from './reader.js';
import { type CountRow, named, queryRows } from './statements.js';

export function topicsByIds(db: Database, ids: readonly number[]): Promise<Topic[]> {
  return readRows<Topic>(
    db.reader,
    Prisma.sql`/* topicsById */ SELECT t.id, t.name, t.key, t.slug FROM topic t WHERE ${idIn(db.dialect, 't.id', ids)}`,
  );
}

/** The topic with this slug, else the topic of this name in any script, case and width folded (its key). */
export async function topicBySlugOrName(db: Database, slugOrName: string): Promise<Topic | null> {
  const prisma = db.read;
  return (
    (await named('topicBySlug', () => prisma.topic.findUnique({ where: { slug: slugOrName } }))) ??
    (await named('topicByKey', () => prisma.topic.findUnique({ where: { key: topicKey(slugOrName) } })))
  );
}

/** Topics by name (ties by id), for offset paging. */
export function topicPage(db: Database, { limit, offset }: { limit: number; offset: number }): Promise<Topic[]> {
  return named('topicPage', () =>
    db.read.topic.findMany({ orderBy: [{ name: 'asc' }, { id: 'asc' }], take: limit, skip: offset }),
  );
}

export function topicCount(db: Database): Promise<number> {
  return named('topicCount', () => db.read.topic.count());
}

/** Articles filed under each topic, related-only stubs excluded; topics without any have no row. */
export function topicArticleCounts(db: Database, topicIds: readonly number[]): Promise<CountRow[]> {
  return readRows<CountRow>(
    db.reader,
    Prisma.sql`/* topicArticleCount */ SELECT at.topic_id AS id, COUNT(*) AS n
      FROM article_topic at JOIN article a ON a.id = at.article_id
      WHERE ${idIn(db.dialect, 'at.topic_id', topicIds)} AND a.is_stub = ${sqlBoolean(db.dialect, false)}
      GROUP BY at.topic_id`,
  );
}

/** Topic ids with their article counts in [from, to), most first, ties by name; stubs excluded. */
export function trendingTopics(
  db: Database,
  window: { from?: Date | null; to?: Date | null; limit: number },
): Promise<CountRow[]> {
  const { from, to, limit } = window;
  return queryRows<CountRow>(
    db.read,
    Prisma.sql`/* trendingTopics */ SELECT t.id AS id, COUNT(*) AS n
      FROM article_topic at JOIN article a ON a.id = at.article_id JOIN topic t ON t.id = at.topic_id
      WHERE a.is_stub = ${sqlBoolean(db.dialect, false)}
        ${from ? Prisma.sql`AND a.published_at >= ${from}` : Prisma.empty}
        ${to ? Prisma.sql`AND a.published_at < ${to}` : Prisma.empty}
      GROUP BY t.id, t.name
      ORDER BY COUNT(*) DESC, t.name ASC
      LIMIT ${limit}`,
  );
}
