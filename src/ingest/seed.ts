// `npm run seed` and the first start's seeding: the file system around the pipeline. Walk paths, read each
// file, prepare it (pipeline.ts) and hand batches to the writer. Files are streamed: memory stays flat
// however many there are.
import { opendir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Db } from '../db/client.js';
import { contentTotals } from '../db/ingest-store.js';
import { MAX_DOCUMENT_BYTES } from './parse/index.js';
import { type DocumentFailure, prepareDocument } from './pipeline.js';
import { seededSourcePath } from './source-path.js';
import type { PreparedDocument } from './types.js';
import { ArticleWriter, type FileOutcome } from './write/article-writer.js';

export const DEFAULT_BATCH_SIZE = 50;

export type SeedEvent = FileOutcome | DocumentFailure;

export interface SeedSummary {
  files: Record<'loaded' | 'updated' | 'unchanged' | 'skipped' | 'failed', number>;
  articles: number;
  stubs: number;
  providers: number;
  topics: number;
  relatedLinks: number;
  failures: DocumentFailure[];
  seconds: number;
}

/** Every regular file under the given paths (directories recursively, dot-files ignored), in name order. */
export async function* walkFiles(paths: readonly string[]): AsyncGenerator<string> {
  for (const path of paths) {
    const info = await stat(path);
    if (!info.isDirectory()) {
      yield path;
      continue;
    }
    const entries: { name: string; isDir: boolean }[] = [];
    for await (const entry of await opendir(path)) {
      if (!entry.name.startsWith('.') && (entry.isFile() || entry.isDirectory())) {
        entries.push({ name: entry.name, isDir: entry.isDirectory() });
      }
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) yield* walkFiles([join(path, entry.name)]);
  }
}

export async function countFiles(paths: readonly string[]): Promise<number> {
  let n = 0;
  for await (const _ of walkFiles(paths)) n++;
  return n;
}

/** Reads and prepares one file; everything that can go wrong before the database is reported here. */
export async function readDocumentFile(path: string): Promise<PreparedDocument | DocumentFailure> {
  const shownPath = displayPath(path);
  try {
    const { size } = await stat(path);
    if (size > MAX_DOCUMENT_BYTES) {
      return { path: shownPath, status: 'failed', reason: `file is ${size} bytes, over the ${MAX_DOCUMENT_BYTES}-byte limit` };
    }
    return prepareDocument(shownPath, await readFile(path));
  } catch (error) {
    return { path: shownPath, status: 'failed', reason: errorMessage(error) };
  }
}

export async function seed(
  prisma: Db,
  paths: readonly string[],
  options: { batchSize?: number; onFile?: (event: SeedEvent) => void } = {},
): Promise<SeedSummary> {
  const started = performance.now();
  const writer = new ArticleWriter(prisma);
  const summary: SeedSummary = {
    files: { loaded: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0 },
    ...{ articles: 0, stubs: 0, providers: 0, topics: 0, relatedLinks: 0 },
    failures: [],
    seconds: 0,
  };
  const record = (event: SeedEvent) => {
    summary.files[event.status]++;
    if (event.status === 'failed') summary.failures.push(event);
    options.onFile?.(event);
  };

  let batch: PreparedDocument[] = [];
  const flush = async () => {
    const results = await writer.writeBatch(batch);
    for (const [i, result] of results.entries()) {
      record(result instanceof Error ? { path: batch[i]!.path, status: 'failed', reason: errorMessage(result) } : result);
    }
    batch = [];
  };
  for await (const path of walkFiles(paths)) {
    const read = await readDocumentFile(path);
    if ('status' in read) record(read);
    else batch.push(read);
    if (batch.length >= (options.batchSize ?? DEFAULT_BATCH_SIZE)) await flush();
  }
  if (batch.length) await flush();

  Object.assign(summary, await contentTotals(prisma));
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

function displayPath(path: string): string {
  return seededSourcePath(relative(process.cwd(), path).split(sep).join('/') || path);
}

/** The reason shown for a failed file. Prisma's messages open with a code excerpt: keep their last line. */
function errorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (!error.name.startsWith('PrismaClient')) return error.message;
  const reason =
    error.message
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .at(-1) ?? error.name;
  const code = (error as { code?: string }).code;
  return code ? `${reason} (${code})` : reason;
}
