// Multi-row writes for the ingest's set path (src/ingest/write/set-store.ts): a whole chunk of rows travels
// as ONE JSON parameter, unpacked by the database (json_each on SQLite, json_to_recordset on PostgreSQL).
// Measured: Prisma's createMany spends far more time building a statement than the database spends
// running it; one parameter per chunk costs neither. Columns are declared once per table below: adding a
// column to what the writer stores is one line in its table.
import { Prisma } from '../generated/sqlite/client.js';
import type { SqlDialect } from './dialect.js';
import { executeStatement, queryRows, type RawClient } from './statements.js';

type ColumnType = 'text' | 'int' | 'bool' | 'timestamp';

export interface BulkTable {
  name: string;
  /** Field (as the writer names it) -> [column, type]. */
  columns: Record<string, readonly [string, ColumnType]>;
  /** Timestamp columns set to the time of the write (Prisma's @default(now()) and @updatedAt). */
  stampedOnInsert?: readonly string[];
  stampedOnUpdate?: readonly string[];
}

export const ARTICLE_TABLE: BulkTable = {
  name: 'article',
  columns: {
    id: ['id', 'int'],
    identityKey: ['identity_key', 'text'],
    slug: ['slug', 'text'],
    title: ['title', 'text'],
    searchTitle: ['search_title', 'text'],
    excerpt: ['excerpt', 'text'],
    searchExcerpt: ['search_excerpt', 'text'],
    body: ['body', 'text'],
    searchBody: ['search_body', 'text'],
    language: ['language', 'text'],
    author: ['author', 'text'],
    category: ['category', 'text'],
    type: ['type', 'text'],
    publishedAt: ['published_at', 'timestamp'],
    originalUrl: ['original_url', 'text'],
    webUrl: ['web_url', 'text'],
    ampWebUrl: ['amp_web_url', 'text'],
    cdnAmpWebUrl: ['cdn_amp_web_url', 'text'],
    quality: ['quality', 'int'],
    heat: ['heat', 'int'],
    published: ['published', 'bool'],
    secured: ['secured', 'text'],
    isStub: ['is_stub', 'bool'],
    contentHash: ['content_hash', 'text'],
    providerId: ['provider_id', 'int'],
  },
  stampedOnInsert: ['created_at', 'updated_at'],
  stampedOnUpdate: ['updated_at'],
};

export const SOURCE_FILE_TABLE: BulkTable = {
  name: 'source_file',
  columns: { id: ['id', 'int'], path: ['path', 'text'], contentHash: ['content_hash', 'text'] },
  stampedOnInsert: ['loaded_at', 'updated_at'],
};

export const ARTICLE_VERSION_TABLE: BulkTable = {
  name: 'article_version',
  columns: {
    sourceFileId: ['source_file_id', 'int'],
    position: ['position', 'int'],
    articleId: ['article_id', 'int'],
    contentHash: ['content_hash', 'text'],
    record: ['record', 'text'],
  },
};

export const ARTICLE_TOPIC_TABLE: BulkTable = {
  name: 'article_topic',
  columns: { articleId: ['article_id', 'int'], topicId: ['topic_id', 'int'], position: ['position', 'int'] },
};

export const IMAGE_TABLE: BulkTable = {
  name: 'image',
  columns: {
    url: ['url', 'text'],
    width: ['width', 'int'],
    height: ['height', 'int'],
    isCached: ['is_cached', 'bool'],
    position: ['position', 'int'],
    articleId: ['article_id', 'int'],
    providerId: ['provider_id', 'int'],
  },
};

export const RELATED_LINK_TABLE: BulkTable = {
  name: 'related_link',
  columns: { sourceId: ['source_id', 'int'], targetId: ['target_id', 'int'], rank: ['rank', 'int'] },
};

const PG_TYPES: Record<ColumnType, string> = { text: 'text', int: 'integer', bool: 'boolean', timestamp: 'timestamp(3)' };

/**
 * A statement's JSON text stored one byte a character where that is cheap. One character past Latin-1 (a curly
 * quote, an emoji) makes a whole JavaScript string two bytes a character, and with it every copy Prisma makes of
 * the parameter (serialized, parsed back, logged); so does joining any piece that V8 happens to store two bytes
 * a character. A few such characters are written as \u escapes (both databases' JSON functions decode them on a
 * UTF8 database; elsewhere the set is written file by file) and the whole text re-encoded once; text mostly past
 * Latin-1 (Cyrillic, CJK) stays as it is: its escapes would triple it.
 */
function oneByteJson(text: string): string {
  let wide = 0;
  const escaped = text.replace(WIDE_CHARS, (c) => {
    wide++;
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  if (wide * 16 > text.length) return text;
  return Buffer.from(escaped, 'latin1').toString('latin1');
}
const WIDE_CHARS = /[\u0100-\uffff]/g;

/** Values as JSON carries them; timestamps in the text form each database's Prisma adapter writes. */
function jsonRows(dialect: SqlDialect, fields: readonly string[], rows: readonly Record<string, unknown>[], now: Date) {
  const stamp = (d: Date) => (dialect === 'sqlite' ? d.toISOString().replace('Z', '+00:00') : d.toISOString());
  const keys = fields.map((field) => `,${JSON.stringify(field)}:`);
  const head = `{"__now":${JSON.stringify(stamp(now))}`;
  // Every piece of every row in one list, joined once: no row is built (and copied) on its own.
  const parts: string[] = [];
  for (const row of rows) {
    parts.push(parts.length ? `,${head}` : `[${head}`);
    for (let i = 0; i < fields.length; i++) {
      const value = row[fields[i]!];
      parts.push(keys[i]!, JSON.stringify(value instanceof Date ? stamp(value) : (value ?? null)));
    }
    parts.push('}');
  }
  parts.push(parts.length ? ']' : '[]');
  return oneByteJson(parts.join(''));
}

/** `SELECT <fields> FROM <the JSON rows>` in the dialect's terms, each field under its own name. */
function source(dialect: SqlDialect, table: BulkTable, fields: readonly string[], json: string): Prisma.Sql {
  const withNow = [...fields, '__now'];
  if (dialect === 'sqlite') {
    const picks = withNow.map((f) => `j.value ->> '${f}' AS "${f}"`).join(', ');
    return Prisma.sql`SELECT ${Prisma.raw(picks)} FROM json_each(${json}) j ORDER BY j.key`;
  }
  const types = withNow.map((f) => `"${f}" ${f === '__now' ? PG_TYPES.timestamp : PG_TYPES[table.columns[f]![1]]}`).join(', ');
  return Prisma.sql`SELECT * FROM json_to_recordset(${json}::json) AS x(${Prisma.raw(types)})`;
}

function fieldsOf(table: BulkTable, rows: readonly Record<string, unknown>[]): string[] {
  const present = new Set(rows.flatMap((row) => Object.keys(row)));
  return Object.keys(table.columns).filter((f) => present.has(f));
}

/**
 * Characters of row values per statement: one JSON text must stay far below V8's string limit (~512 MB,
 * `RangeError: Invalid string length`) and its memory small, so big sets go in several statements.
 */
export const JSON_CHUNK_CHARS = 8 * 1024 * 1024;

/** Rows cut, in order, into runs whose values add up to at most `budget` characters (a larger row alone). */
export function chunksBySize<T extends object>(rows: readonly T[], budget = JSON_CHUNK_CHARS): T[][] {
  const chunks: T[][] = [];
  let chunk: T[] = [];
  let size = 0;
  for (const row of rows) {
    let n = 16;
    for (const [key, value] of Object.entries(row)) n += key.length + (typeof value === 'string' ? value.length : 24);
    if (chunk.length && size + n > budget) {
      chunks.push(chunk);
      chunk = [];
      size = 0;
    }
    chunk.push(row);
    size += n;
  }
  if (chunk.length) chunks.push(chunk);
  return chunks;
}

/** Inserts rows in order (ids follow it); returns `returning` fields of the inserted rows. */
export async function insertRows<R extends object = object>(
  client: RawClient,
  dialect: SqlDialect,
  table: BulkTable,
  objects: readonly object[],
  returning: readonly string[] = [],
): Promise<R[]> {
  const out: R[] = [];
  for (const chunk of chunksBySize(objects)) out.push(...(await insertChunk<R>(client, dialect, table, chunk, returning)));
  return out;
}

async function insertChunk<R extends object>(
  client: RawClient,
  dialect: SqlDialect,
  table: BulkTable,
  objects: readonly object[],
  returning: readonly string[],
): Promise<R[]> {
  const rows = objects as readonly Record<string, unknown>[];
  if (rows.length === 0) return [];
  const fields = fieldsOf(table, rows);
  const stamps = table.stampedOnInsert ?? [];
  const columns = [...fields.map((f) => table.columns[f]![0]), ...stamps].map((c) => `"${c}"`).join(', ');
  const values = [...fields.map((f) => `"${f}"`), ...stamps.map(() => '"__now"')].join(', ');
  const back = returning.map((f) => `"${table.columns[f]![0]}" AS "${f}"`).join(', ');
  const json = jsonRows(dialect, fields, rows, new Date());
  const sql = Prisma.sql`/* bulkInsert.${Prisma.raw(table.name)} */ INSERT INTO "${Prisma.raw(table.name)}" (${Prisma.raw(columns)})
    SELECT ${Prisma.raw(values)} FROM (${source(dialect, table, fields, json)}) AS rows_in
    ${returning.length ? Prisma.raw(`RETURNING ${back}`) : Prisma.empty}`;
  if (returning.length) return queryRows<R>(client, sql);
  await executeStatement(client, sql);
  return [];
}

/** Sets the given fields of rows found by `id`; every row must carry the same fields. */
export async function updateRows(
  client: RawClient,
  dialect: SqlDialect,
  table: BulkTable,
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  for (const chunk of chunksBySize(rows)) await updateChunk(client, dialect, table, chunk);
}

async function updateChunk(
  client: RawClient,
  dialect: SqlDialect,
  table: BulkTable,
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  if (rows.length === 0) return;
  const fields = fieldsOf(table, rows);
  const sets = [
    ...fields.filter((f) => f !== 'id').map((f) => `"${table.columns[f]![0]}" = rows_in."${f}"`),
    ...(table.stampedOnUpdate ?? []).map((c) => `"${c}" = rows_in."__now"`),
  ].join(', ');
  const json = jsonRows(dialect, fields, rows, new Date());
  await executeStatement(
    client,
    Prisma.sql`/* bulkUpdate.${Prisma.raw(table.name)} */ UPDATE "${Prisma.raw(table.name)}" SET ${Prisma.raw(sets)}
      FROM (${source(dialect, table, fields, json)}) AS rows_in WHERE "${Prisma.raw(table.name)}".id = rows_in.id`,
  );
}
