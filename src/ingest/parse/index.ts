// One file's bytes -> an IngestDocument: decode, detect the format, parse, normalize.
// Pure: no file system, no database. Every problem with the file is an IngestError.
import { normalizeArticle } from '../normalize.js';
import { IngestError, type DocumentFormat, type IngestDocument } from '../types.js';
import { decodeDocument } from './decode.js';
import { detectFormat } from './detect.js';
import { parseFrontMatter } from './front-matter.js';
import { parseJsonFeed } from './json-feed.js';
import { parsePlainText } from './plain-text.js';
import type { ParsedContent } from './raw-article.js';

export { MAX_DOCUMENT_BYTES, decodeDocument } from './decode.js';
export { detectFormat } from './detect.js';

function parseContent(format: DocumentFormat, text: string): ParsedContent {
  switch (format) {
    case 'front-matter':
      return parseFrontMatter(text);
    case 'json-feed':
      return parseJsonFeed(text);
    case 'plain-text':
      return { kind: 'articles', articles: [parsePlainText(text)] };
  }
}

// Feed entries are reported as "value[3].webUrl", like the parse-time errors for the same entry.
function withFieldPrefix<T>(prefix: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (!prefix || !(error instanceof IngestError)) throw error;
    const field = error.field ? `${prefix}.${error.field}` : prefix;
    const message = error.field ? error.message.slice(error.field.length + 2) : error.message;
    throw new IngestError(message, field);
  }
}

/** Parses and normalizes one document from its bytes. Throws IngestError for any file that cannot be loaded. */
export function parseDocument(bytes: Uint8Array): IngestDocument {
  const text = decodeDocument(bytes);
  const format = detectFormat(text);
  const content = parseContent(format, text);
  if (content.kind === 'skipped') return { kind: 'skipped', format, skippedKind: content.skippedKind };
  const articles = content.articles.map((raw, i) =>
    withFieldPrefix(format === 'json-feed' ? `value[${i}]` : '', () => normalizeArticle(raw)),
  );
  return { kind: 'articles', format, articles };
}
