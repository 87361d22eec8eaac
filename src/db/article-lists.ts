// An article's short lists (topics, images) read inside the statement that reads the article: one JSON
// column each, limited per article like topicsOfArticles and imagesOfArticles (the same order, the same
// rows). A level of a query that asks for them then costs its page statement only; the loaders are primed
// with what the columns hold, so the fields still resolve through them.
import { type Image, Prisma, type Topic } from '../generated/sqlite/client.js';
import type { SqlDialect } from './dialect.js';
import type { SqlRow } from './reader.js';

/** Per-article limits of the lists to read with each article; null: not read. */
export interface ArticleLists {
  topics: number | null;
  images: number | null;
}

export const NO_LISTS: ArticleLists = { topics: null, images: null };

/** The lists read with an article, as its topicsByArticle and imagesByArticle entries would hold them. */
export interface ArticleListValues {
  topics?: { limit: number; items: Topic[] };
  images?: { limit: number; items: Image[] };
}

/** The JSON columns for `lists` over `article a`: an empty fragment when none is asked for. */
export function articleListColumns(dialect: SqlDialect, lists: ArticleLists): Prisma.Sql {
  const columns: Prisma.Sql[] = [];
  const array = Prisma.raw(dialect === 'sqlite' ? 'json_array' : 'json_build_array');
  const aggregate = (items: Prisma.Sql) =>
    dialect === 'sqlite'
      ? Prisma.sql`json_group_array(${items} ORDER BY x.rn)`
      : Prisma.sql`COALESCE(json_agg(${items} ORDER BY x.rn), '[]'::json)`;
  if (lists.topics !== null) {
    // LEFT JOIN (every link has its topic: the same rows) keeps article_topic the outer side, so PostgreSQL
    // hashes the topic table once per statement instead of hashing each article's links again for every row.
    columns.push(Prisma.sql`(SELECT ${aggregate(Prisma.sql`${array}(x.id, x.name, x.key, x.slug)`)} FROM (
        SELECT t.id, t.name, t.key, t.slug, at.position AS rn FROM article_topic at LEFT JOIN topic t ON t.id = at.topic_id
        WHERE at.article_id = a.id ORDER BY at.position LIMIT ${lists.topics}) x) AS "listTopics"`);
  }
  if (lists.images !== null) {
    columns.push(Prisma.sql`(SELECT ${aggregate(Prisma.sql`${array}(x.id, x.url, x.width, x.height, x.is_cached, x.position)`)} FROM (
        SELECT i.id, i.url, i.width, i.height, i.is_cached, i.position, ROW_NUMBER() OVER (ORDER BY i.position, i.id) AS rn
        FROM image i WHERE i.article_id = a.id ORDER BY i.position, i.id LIMIT ${lists.images}) x) AS "listImages"`);
  }
  return columns.length ? Prisma.sql`, ${Prisma.join(columns)}` : Prisma.empty;
}

/** SQLite answers JSON as text, PostgreSQL's driver parses it. */
function jsonArray(value: unknown): unknown[][] {
  if (typeof value === 'string') return JSON.parse(value) as unknown[][];
  return (value ?? []) as unknown[][];
}

/** The lists a row read with articleListColumns (the row keeps its JSON columns). */
export function articleListValues(row: SqlRow, lists: ArticleLists): ArticleListValues {
  const values: ArticleListValues = {};
  const articleId = row.id as number;
  if (lists.topics !== null) {
    values.topics = {
      limit: lists.topics,
      items: jsonArray(row.listTopics).map(([id, name, key, slug]) => ({ id, name, key, slug }) as Topic),
    };
  }
  if (lists.images !== null) {
    values.images = {
      limit: lists.images,
      items: jsonArray(row.listImages).map(
        ([id, url, width, height, isCached, position]) =>
          ({
            id,
            url,
            width,
            height,
            isCached: isCached === null ? null : Boolean(isCached),
            position,
            articleId,
            providerId: null,
          }) as Image,
      ),
    };
  }
  return values;
}
