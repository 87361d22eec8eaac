// An article's short lists (topics, images) read inside the statement that reads the article: one column each,
// limited per article like topicsOfArticles and imagesOfArticles (the same order, the same rows). A level of a
// query that asks for them then costs its page statement only; the loaders are primed with what the columns
// hold, so the fields still resolve through them. Both answer JSON arrays of arrays. PostgreSQL builds a text[][]
// (ARRAY of the ordered subquery) and turns it into JSON once: json_agg of json_build_array, sorted per article,
// cost the dashboard's page statement 0.90 ms against 0.65 (pgbench, prepared); a text[][] itself costs about
// the same as this but its parser in the driver (JavaScript) cost the server more than PostgreSQL saved.
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

/** The list columns for `lists` over `article a`: an empty fragment when none is asked for. */
export function articleListColumns(dialect: SqlDialect, lists: ArticleLists): Prisma.Sql {
  const columns: Prisma.Sql[] = [];
  if (lists.topics !== null) {
    // LEFT JOIN (every link has its topic: the same rows) keeps article_topic the outer side, so PostgreSQL
    // hashes the topic table once per statement instead of hashing each article's links again for every row.
    const topics = Prisma.sql`FROM article_topic at LEFT JOIN topic t ON t.id = at.topic_id
        WHERE at.article_id = a.id ORDER BY at.position LIMIT ${lists.topics}`;
    columns.push(
      dialect === 'sqlite'
        ? Prisma.sql`(SELECT json_group_array(json_array(x.id, x.name, x.key, x.slug) ORDER BY x.rn) FROM (
            SELECT t.id, t.name, t.key, t.slug, at.position AS rn ${topics}) x) AS "listTopics"`
        : Prisma.sql`array_to_json(ARRAY(SELECT ARRAY[at.topic_id::text, t.name, t.key, t.slug] ${topics})) AS "listTopics"`,
    );
  }
  if (lists.images !== null) {
    const images = Prisma.sql`FROM image i WHERE i.article_id = a.id ORDER BY i.position, i.id LIMIT ${lists.images}`;
    columns.push(
      dialect === 'sqlite'
        ? Prisma.sql`(SELECT json_group_array(json_array(x.id, x.url, x.width, x.height, x.is_cached, x.position) ORDER BY x.rn)
            FROM (SELECT i.id, i.url, i.width, i.height, i.is_cached, i.position,
              ROW_NUMBER() OVER (ORDER BY i.position, i.id) AS rn ${images}) x) AS "listImages"`
        : Prisma.sql`array_to_json(ARRAY(SELECT ARRAY[i.id::text, i.url, i.width::text, i.height::text, i.is_cached::text,
            i.position::text] ${images})) AS "listImages"`,
    );
  }
  return columns.length ? Prisma.sql`, ${Prisma.join(columns)}` : Prisma.empty;
}

/** SQLite answers JSON text (numbers, 0/1 for booleans), PostgreSQL's driver parsed JSON (every value a string). */
function listRows(value: unknown): unknown[][] {
  if (typeof value === 'string') return JSON.parse(value) as unknown[][];
  return (value ?? []) as unknown[][];
}

const integer = (value: unknown) => (value === null ? null : Number(value));
const boolean = (value: unknown) => (value === null ? null : value === true || value === 1 || value === 'true');

/** The lists a row read with articleListColumns (the row keeps its list columns). */
export function articleListValues(row: SqlRow, lists: ArticleLists): ArticleListValues {
  const values: ArticleListValues = {};
  const articleId = row.id as number;
  if (lists.topics !== null) {
    values.topics = {
      limit: lists.topics,
      items: listRows(row.listTopics).map(([id, name, key, slug]) => ({ id: Number(id), name, key, slug }) as Topic),
    };
  }
  if (lists.images !== null) {
    values.images = {
      limit: lists.images,
      items: listRows(row.listImages).map(
        ([id, url, width, height, isCached, position]) =>
          ({
            id: Number(id),
            url,
            width: integer(width),
            height: integer(height),
            isCached: boolean(isCached),
            position: Number(position),
            articleId,
            providerId: null,
          }) as Image,
      ),
    };
  }
  return values;
}
