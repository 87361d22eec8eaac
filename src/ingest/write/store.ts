// What the merge logic (transaction-writer.ts) asks of the database, in its own terms. Two stores answer:
// RowStore sends each call to the database at once (the per-file reference path, and the fallback for a
// batch that failed); SetStore answers from rows read for a whole batch up front and writes the net
// result in a few set statements at the end (set-store.ts). The logic is one and the same for both.
import type { ArticleRecord, ImageRecord, ProviderRecord } from '../types.js';

/** What the merge rules need to know about an article row. */
export interface ArticleState {
  id: number;
  isStub: boolean;
  quality: number | null;
  contentHash: string;
  slug: string;
}

/**
 * An article's columns as the writer sets them. Adding a column: one line where the logic fills it
 * (articleColumns in transaction-writer.ts); both stores pass this object through as is.
 */
export interface ArticleColumns {
  slug: string;
  title: string;
  /** Search words of the title, excerpt and body (src/ingest/search-text.ts), written with them. */
  searchTitle: string | null;
  searchExcerpt?: string | null;
  body?: string | null;
  searchBody?: string | null;
  excerpt?: string | null;
  language?: string | null;
  author?: string | null;
  category?: string | null;
  type?: string | null;
  publishedAt?: Date | null;
  originalUrl?: string | null;
  webUrl?: string | null;
  ampWebUrl?: string | null;
  cdnAmpWebUrl?: string | null;
  quality?: number | null;
  heat?: number | null;
  published?: boolean | null;
  secured?: string | null;
  isStub: boolean;
  contentHash: string;
  providerId?: number | null;
}

export type ImageOwner = { articleId: number } | { providerId: number };

export interface StoredVersion {
  record: ArticleRecord;
  contentHash: string;
}

export interface NewVersion {
  sourceFileId: number;
  position: number;
  articleId: number;
  record: string;
  contentHash: string;
  parsed: ArticleRecord;
}

export interface WriteStore {
  sourceFile(path: string): Promise<{ id: number; contentHash: string } | null>;
  /** Deletion (a watched file removed): the source row goes; an article no file tells any more is unlisted. */
  deleteSourceFile(id: number): Promise<void>;
  /** Deletes the article, or, when other articles list it as related, turns it back into a stub. */
  unlistArticle(id: number): Promise<'deleted' | 'stub'>;
  createSourceFile(path: string, contentHash: string): Promise<number>;
  setSourceHash(id: number, contentHash: string): Promise<void>;
  /** Article ids of the versions a source file holds, then those versions are deleted. */
  takeVersionsOfSource(sourceFileId: number): Promise<number[]>;
  /** `parsed` is `record` as an object (a store that keeps versions in memory keeps it, not re-parsing). */
  createVersion(version: NewVersion): Promise<void>;
  versionsOfArticle(articleId: number): Promise<StoredVersion[]>;

  articleState(identityKey: string): Promise<ArticleState | null>;
  createArticle(identityKey: string, columns: ArticleColumns): Promise<number>;
  updateArticle(id: number, columns: ArticleColumns): Promise<void>;
  /** `ownerIsBare`: the owner was created in this transaction and has no rows of this kind yet. */
  replaceTopics(articleId: number, topicIds: readonly number[], ownerIsBare: boolean): Promise<void>;
  replaceImages(owner: ImageOwner, images: readonly ImageRecord[], ownerIsBare: boolean): Promise<void>;
  replaceRelated(sourceId: number, targetIds: readonly number[], ownerIsBare: boolean): Promise<void>;
  upsertSlugAlias(slug: string, articleId: number): Promise<void>;

  provider(domain: string): Promise<{ id: number; record: ProviderRecord } | null>;
  createProvider(record: ProviderRecord): Promise<number>;
  setProviderName(id: number, name: string): Promise<void>;

  topicByKey(key: string): Promise<{ id: number; name: string } | null>;
  topicSlugTaken(slug: string): Promise<boolean>;
  createTopic(topic: { name: string; key: string; slug: string }): Promise<number>;
  renameTopic(id: number, name: string): Promise<void>;
}
