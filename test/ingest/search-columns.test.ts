// Search columns computed with the parse (search-columns.ts): what the writer adopts is what it would
// compute, a clone from the parse worker keeps them, and a document without them is written the same way.
import { describe, expect, it } from 'vitest';
import { prepareDocument } from '../../src/ingest/pipeline.js';
import { adoptSearch, searchColumns } from '../../src/ingest/search-columns.js';
import { searchDocument } from '../../src/ingest/search-text.js';
import type { PreparedDocument } from '../../src/ingest/types.js';

const feed = new TextEncoder().encode(
  JSON.stringify({
    page: 1,
    value: [
      {
        webUrl: 'https://a.example/1',
        title: 'Marathons in Zürich — 上海市政府 results',
        excerpt: 'Runners crossed the line',
        body: 'The covid-19 rules were lifted; café owners cheered.',
        related: [{ webUrl: 'https://b.example/2', title: 'Related story', excerpt: 'More runners' }],
      },
      { webUrl: 'https://a.example/3', title: 'No excerpt here' },
    ],
  }),
);

function prepared(): PreparedDocument {
  const document = prepareDocument('api:search-columns', feed);
  if ('status' in document) throw new Error(document.reason);
  return document;
}

describe('search columns', () => {
  it('are computed with the parse for every article, as searchDocument computes them', () => {
    const { document, search } = prepared();
    if (document.kind !== 'articles') throw new Error('articles expected');
    expect(search).toEqual(
      document.articles.map((a) => ({
        searchTitle: searchDocument(a.title),
        searchExcerpt: searchDocument(a.excerpt),
        searchBody: searchDocument(a.body),
      })),
    );
  });

  it('are adopted from a clone of the document (as it comes from the parse worker), not computed again', () => {
    const clone = structuredClone(prepared());
    if (clone.document.kind !== 'articles') throw new Error('articles expected');
    clone.search![0]!.searchTitle = 'adopted';
    adoptSearch(clone);
    const [first, second] = clone.document.articles;
    expect(searchColumns(first!).searchTitle).toBe('adopted');
    expect(searchColumns(second!)).toEqual({
      searchTitle: searchDocument(second!.title),
      searchExcerpt: null,
      searchBody: null,
    });
    // A related entry's are computed when asked (a stub written from it), and kept.
    const entry = first!.related[0]!;
    expect(searchColumns(entry)).toEqual({
      searchTitle: searchDocument(entry.title),
      searchExcerpt: searchDocument(entry.excerpt),
    });
    expect(searchColumns(entry)).toBe(searchColumns(entry));
  });

  it('are computed by the writer for a document that does not carry them', () => {
    const { search: _, ...bare } = prepared();
    if (bare.document.kind !== 'articles') throw new Error('articles expected');
    adoptSearch(bare);
    expect(searchColumns(bare.document.articles[0]!).searchBody).toBe(searchDocument(bare.document.articles[0]!.body));
  });
});
