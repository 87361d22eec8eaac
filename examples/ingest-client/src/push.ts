// A push: files -> batches within the server's limits -> one outcome per file. A document the server (or this
// client) cannot take fails alone; a refusal that every request would meet (401, an unlisted operation, a rate
// limit not over in time) stops the push, and the files not sent yet are counted as such.
import { type IngestClient, IngestRequestError } from './client.js';
import { type DocumentFile, readDocument, selectFiles } from './files.js';
import type { IngestDocumentInput } from './gql/graphql.js';

/** The server's MAX_INGEST_DOCUMENTS: documents per ingestArticles call. */
export const MAX_BATCH_DOCUMENTS = 100;
/** The server's default MAX_REQUEST_BYTES. A server set lower answers 413, and the batch is split. */
export const DEFAULT_MAX_REQUEST_BYTES = 8 * 1024 * 1024;

export type Outcome = 'loaded' | 'updated' | 'unchanged' | 'skipped' | 'failed';
export const OUTCOMES: readonly Outcome[] = ['loaded', 'updated', 'unchanged', 'skipped', 'failed'];

export interface DocumentOutcome {
  path: string;
  name: string;
  status: Outcome;
  /** Global ids of the articles the document tells. */
  articleIds: string[];
  /** What a skipped document is (event, profile, collection...). */
  skippedKind: string | null;
  /** Why a failed document was not stored. */
  reason: string | null;
}

export interface PushSummary {
  outcomes: DocumentOutcome[];
  counts: Record<Outcome, number>;
  /** Files inside folders left out for their extension. */
  ignored: string[];
  /** Set when the push stopped early; `notSent` files were never sent. */
  aborted: IngestRequestError | null;
  notSent: number;
  requests: number;
  retries: number;
}

export interface PushOptions {
  /** Documents per request, 1 to MAX_BATCH_DOCUMENTS (the default). */
  batchSize?: number;
  /** Largest request body in bytes; defaults to DEFAULT_MAX_REQUEST_BYTES. */
  maxRequestBytes?: number;
  /** Called with each outcome as it is known. */
  onOutcome?: (outcome: DocumentOutcome) => void;
}

interface Pending {
  file: DocumentFile;
  document: IngestDocumentInput;
}

export async function pushFiles(paths: readonly string[], client: IngestClient, options: PushOptions = {}): Promise<PushSummary> {
  const batchSize = options.batchSize ?? MAX_BATCH_DOCUMENTS;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_DOCUMENTS) {
    throw new RangeError(`batch size must be an integer from 1 to ${MAX_BATCH_DOCUMENTS}, got ${batchSize}`);
  }
  const maxBytes = options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
  const { files, ignored } = await selectFiles(paths);
  const summary: PushSummary = {
    outcomes: [],
    counts: { loaded: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0 },
    ...{ ignored, aborted: null, notSent: 0, requests: 0, retries: 0 },
  };
  const record = (outcome: DocumentOutcome) => {
    summary.outcomes.push(outcome);
    summary.counts[outcome.status] += 1;
    options.onOutcome?.(outcome);
  };
  const fail = (file: DocumentFile, reason: string) =>
    record({ ...file, status: 'failed', articleIds: [], skippedKind: null, reason });

  async function send(batch: readonly Pending[]): Promise<void> {
    try {
      const results = await client.ingest(batch.map((p) => p.document));
      for (const [i, result] of results.entries()) {
        record({
          ...batch[i]!.file,
          status: result.status.toLowerCase() as Outcome,
          articleIds: result.articleIds,
          skippedKind: result.skippedKind,
          reason: result.error,
        });
      }
    } catch (error) {
      if (!(error instanceof IngestRequestError) || error.fatal) throw error;
      // The server's body limit is below ours: halve the batch until it fits, or the one document does not.
      if (error.status === 413 && batch.length > 1) {
        const half = Math.ceil(batch.length / 2);
        await send(batch.slice(0, half));
        await send(batch.slice(half));
        return;
      }
      for (const { file } of batch) fail(file, error.message);
    }
  }

  const emptyBytes = client.bodyBytes([]);
  const names = new Map<string, string>();
  let batch: Pending[] = [];
  let batchBytes = emptyBytes;
  try {
    for (const file of files) {
      const earlier = names.get(file.name);
      if (earlier !== undefined) {
        // Sent under one name, the second file would overwrite what the first stored.
        fail(file, `same name "${file.name}" as ${earlier}`);
        continue;
      }
      names.set(file.name, file.path);
      const read = await readDocument(file.path);
      if ('reason' in read) {
        fail(file, read.reason);
        continue;
      }
      const document = { name: file.name, content: read.content };
      const bytes = Buffer.byteLength(JSON.stringify(document)) + 1; // and the comma that separates it
      if (emptyBytes + bytes > maxBytes) {
        fail(file, `${bytes} bytes as JSON, more than a request may carry (${maxBytes} bytes)`);
        continue;
      }
      if (batch.length === batchSize || batchBytes + bytes > maxBytes) {
        await send(batch);
        batch = [];
        batchBytes = emptyBytes;
      }
      batch.push({ file, document });
      batchBytes += bytes;
    }
    if (batch.length) await send(batch);
  } catch (error) {
    if (!(error instanceof IngestRequestError)) throw error;
    summary.aborted = error;
    summary.notSent = files.length - summary.outcomes.length;
  }
  summary.requests = client.requests;
  summary.retries = client.retries;
  return summary;
}
