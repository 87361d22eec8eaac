// The write API: ingestArticles stores documents through the ingest pipeline (prepareDocument, then
// ArticleWriter), so a document sent here is parsed, merged and stored exactly as the same file under
// seeds/ would be.
import { createHash } from 'node:crypto';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { articleIdsBySourcePath, WriteLockBusyError } from '../db/ingest-store.js';
import { prepareDocument } from '../ingest/pipeline.js';
import { apiSourcePath, documentNameProblem } from '../ingest/source-path.js';
import { IngestError, type PreparedDocument } from '../ingest/types.js';
import { ArticleWriter, DeadlinePassedError } from '../ingest/write/article-writer.js';
import { builder, type Context } from './builder.js';
import { badUserInput, unauthenticated } from './errors.js';

/** Documents per request; the request body limit (MAX_REQUEST_BYTES) bounds their total size. */
export const MAX_INGEST_DOCUMENTS = 100;

type IngestStatus = 'LOADED' | 'UPDATED' | 'UNCHANGED' | 'SKIPPED' | 'FAILED';

interface IngestItemResult {
  name: string | null;
  status: IngestStatus;
  articleIds: string[];
  skippedKind: string | null;
  error: string | null;
  /** A failure that is not the document's fault (e.g. a database error): raised by the `error` field. */
  internalError?: Error;
}

const IngestStatusEnum = builder.enumType('IngestStatus', {
  values: {
    LOADED: { description: 'First time this document name was stored.' },
    UPDATED: { description: 'A document of this name was stored before, with other content.' },
    UNCHANGED: { description: 'Same name and same content as stored before: nothing was written.' },
    SKIPPED: { description: 'Well-formed, but not an article (event, profile, collection...).' },
    FAILED: { description: 'Not stored; `error` says why. Other documents of the request are not affected.' },
  },
});

const IngestDocumentInput = builder.inputType('IngestDocumentInput', {
  fields: (t) => ({
    name: t.string({
      required: false,
      description:
        'Stable name of the document (e.g. its file name): sending the same name again updates what it stored. ' +
        'Default: the content hash, so identical content is recognized as unchanged.',
    }),
    content: t.string({
      required: true,
      description: 'Markdown with YAML front matter, plain article text, or a JSON feed page.',
    }),
  }),
});

const IngestResultRef = builder.objectRef<IngestItemResult>('IngestResult').implement({
  description: 'What became of one document, in the order the documents were sent.',
  fields: (t) => ({
    name: t.exposeString('name', { nullable: true }),
    status: t.field({ type: IngestStatusEnum, resolve: (r) => r.status }),
    articleIds: t.field({
      type: ['ID'],
      description: 'Global ids of the articles the document tells (use with article(id:) or node(id:)).',
      resolve: (r) => r.articleIds,
    }),
    skippedKind: t.exposeString('skippedKind', { nullable: true }),
    error: t.string({
      nullable: true,
      description: 'Why the document was not stored (FAILED only).',
      // Internal failures surface as a masked GraphQL error on this field (logged with the request id).
      resolve: (r) => {
        if (r.internalError) throw r.internalError;
        return r.error;
      },
    }),
  }),
});

builder.mutationType({ description: 'Writes: each requires an API key (Authorization: Bearer <key>).' });

builder.mutationFields((t) => ({
  ingestArticles: t.field({
    type: [IngestResultRef],
    description: 'Parses and stores documents, each atomically: a failing document leaves no trace and does not stop the others.',
    args: { documents: t.arg({ type: [IngestDocumentInput], required: true }) },
    resolve: (_root, { documents }, ctx) => ingestDocuments(documents, ctx),
  }),
}));

async function ingestDocuments(documents: readonly { name?: string | null; content: string }[], ctx: Context) {
  // The server refuses mutations without a valid key before they execute (src/server/write-access.ts);
  // this is the schema's own guard, for any other way in.
  if (!ctx.writer) throw unauthenticated('An API key is required to write');
  if (documents.length > MAX_INGEST_DOCUMENTS) {
    throw badUserInput(`At most ${MAX_INGEST_DOCUMENTS} documents per request, got ${documents.length}`);
  }
  const results: IngestItemResult[] = [];
  const batch: { index: number; file: PreparedDocument }[] = [];
  const seen = new Map<string, number>();
  for (const [index, doc] of documents.entries()) {
    const name = doc.name ?? null;
    const fail = (error: string) => results.push({ name, status: 'FAILED', articleIds: [], skippedKind: null, error });
    const bytes = Buffer.from(doc.content, 'utf8');
    const nameProblem = name === null ? null : documentNameProblem(name);
    if (nameProblem) {
      fail(nameProblem);
      continue;
    }
    const path = apiSourcePath(name ?? `sha256-${createHash('sha256').update(bytes).digest('hex')}`);
    const earlier = seen.get(path);
    if (earlier !== undefined) {
      fail(`same ${name === null ? 'content' : 'name'} as document ${earlier} of this request`);
      continue;
    }
    seen.set(path, index);
    const prepared = prepareDocument(path, bytes);
    if ('status' in prepared) {
      fail(prepared.reason);
      continue;
    }
    results.push({ name, status: 'FAILED', articleIds: [], skippedKind: null, error: null }); // filled in below
    batch.push({ index, file: prepared });
  }

  const outcomes = await new ArticleWriter(ctx.db.prisma, { dialect: ctx.db.dialect }).writeBatch(
    batch.map((b) => b.file),
    { deadline: ctx.deadline },
  );
  const articleIds = await articleIdsBySourcePath(
    ctx.db.prisma,
    batch.map((b) => b.file.path),
  );
  outcomes.forEach((outcome, n) => {
    const { index, file } = batch[n]!;
    const result = results[index]!;
    if (outcome instanceof Error) {
      if (outcome instanceof IngestError || outcome instanceof DeadlinePassedError || outcome instanceof WriteLockBusyError)
        result.error = outcome.message;
      else result.internalError = outcome;
      return;
    }
    result.status = outcome.status.toUpperCase() as IngestStatus;
    result.skippedKind = outcome.skippedKind ?? null;
    result.articleIds = (articleIds.get(file.path) ?? []).map((id) => encodeGlobalID('Article', id));
  });
  return results;
}
