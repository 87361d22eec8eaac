// The ingestArticles mutation: API keys required (reads stay public), per-document outcomes from the seed
// pipeline, and a per-key rate limit.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createYoga } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../../src/graphql/builder.js';
import { createLoaders } from '../../src/graphql/loaders.js';
import { schema } from '../../src/graphql/schema.js';
import { FIXTURE_CORPUS_DIR, SEEDS_DIR } from '../helpers/fixtures.js';
import { API_KEY, clientOf, createTestServer, type TestServer } from '../helpers/server.js';

const INGEST = `mutation Ingest($documents: [IngestDocumentInput!]!) {
  ingestArticles(documents: $documents) { name status articleIds skippedKind error }
}`;
const OTHER_KEY = 'second-key-fedcba9876543210';
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

const frontMatter = readFileSync(join(SEEDS_DIR, '004_802b4129ae81b8f2.txt'), 'utf8');
const plainText = readFileSync(join(SEEDS_DIR, '000_f9ee7d23065da61a.txt'), 'utf8');
const eventPage = readFileSync(join(FIXTURE_CORPUS_DIR, '_events', '2023-07-20-harbor-party-state-convention.md'), 'utf8');

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer(
    { settings: { INGEST_API_KEYS: [API_KEY, OTHER_KEY], INGEST_RATE_LIMIT_MAX: 5, INGEST_RATE_LIMIT_WINDOW: '1h' } },
    { seeded: false },
  );
});
afterAll(() => server?.drop());

async function ingest(documents: { name?: string; content: string }[], headers: Record<string, string> = bearer(API_KEY)) {
  const before = server.sqlStatements();
  const reply = await server.post({ query: INGEST, variables: { documents } }, headers);
  return { ...reply, statements: server.sqlStatements() - before };
}

describe('authorization', () => {
  it('refuses a mutation without a key, or with a wrong one, with UNAUTHENTICATED (401) and no SQL', async () => {
    const attempts: Record<string, string>[] = [{}, bearer('not-a-valid-key-at-all'), { 'x-api-key': 'not-a-valid-key-at-all' }];
    for (const headers of attempts) {
      const reply = await ingest([{ content: frontMatter }], headers);
      expect(reply.status).toBe(401);
      expect(reply.headers.get('www-authenticate')).toBe('Bearer');
      expect(reply.body.errors).toEqual([expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED' } })]);
      expect(reply.body.data ?? null).toBeNull();
      expect(reply.statements).toBe(0);
    }
    expect((await ingest([{ content: frontMatter }], {})).body.errors[0].message).toMatch(/API key is required/);
    expect((await ingest([{ content: frontMatter }], bearer('not-a-valid-key-at-all'))).body.errors[0].message).toBe(
      'Invalid API key',
    );
  });

  it('says writes are disabled when no key is configured', async () => {
    const closed = await createTestServer({}, { seeded: false });
    try {
      const reply = await closed.post({ query: INGEST, variables: { documents: [{ content: frontMatter }] } }, bearer(API_KEY));
      expect(reply.status).toBe(401);
      expect(reply.body.errors[0]).toMatchObject({
        message: 'Writes are disabled on this server',
        extensions: { code: 'UNAUTHENTICATED' },
      });
    } finally {
      await closed.drop();
    }
  });

  it("answers 401 with a Bearer challenge from the schema's own guard too (a server without the write-access plugin)", async () => {
    const bare = createYoga<Record<string, never>, Context>({
      schema,
      context: () => ({ db: server.db, loaders: createLoaders(server.db), writer: null }),
    });
    try {
      const reply = await clientOf(bare as never).post({ query: INGEST, variables: { documents: [{ content: frontMatter }] } });
      expect(reply.status).toBe(401);
      expect(reply.headers.get('www-authenticate')).toBe('Bearer');
      expect(reply.body.errors).toEqual([
        expect.objectContaining({ message: 'An API key is required to write', extensions: { code: 'UNAUTHENTICATED' } }),
      ]);
    } finally {
      await bare.dispose();
    }
  });

  it('keeps reads public', async () => {
    const reply = await server.post({ query: '{ articles(first: 1) { totalCount } }' });
    expect(reply.body).toEqual({ data: { articles: { totalCount: expect.any(Number) } } });
  });
});

describe('ingestArticles', () => {
  it('reports each document: loaded, skipped or failed with its reason, duplicates refused', async () => {
    const reply = await ingest([
      { name: 'ivanka-pence.md', content: frontMatter },
      { content: plainText },
      { name: 'convention.md', content: eventPage },
      { name: 'broken.md', content: '---\ntitle: [unclosed\n---\nbody\n' },
      { name: 'binary.bin', content: 'PK\u0003\u0004\u0000\u0000' },
      { name: 'ivanka-pence.md', content: frontMatter },
    ]);
    expect(reply.status).toBe(200);
    const results = reply.body.data.ingestArticles;
    expect(results.map((r: any) => [r.name, r.status])).toEqual([
      ['ivanka-pence.md', 'LOADED'],
      [null, 'LOADED'],
      ['convention.md', 'SKIPPED'],
      ['broken.md', 'FAILED'],
      ['binary.bin', 'FAILED'],
      ['ivanka-pence.md', 'FAILED'],
    ]);
    expect(results[2].skippedKind).toBe('event');
    expect(results[3].error).toMatch(/YAML|front matter/i);
    expect(results[4].error).toMatch(/binary content/);
    expect(results[5].error).toBe('same name as document 0 of this request');
    expect(results.slice(0, 3).every((r: any) => r.error === null)).toBe(true);

    // The ids are the stored articles, and nothing else was stored.
    const [id] = results[0].articleIds;
    const article = await server.post({
      query: 'query($id: ID!) { article(id: $id) { title provider { domain } } }',
      variables: { id },
    });
    expect(article.body.data.article).toEqual({
      title: "Ivanka played peacemaker in Trump and Pence's 'uncomfortable' first meeting after Capitol riots, report says",
      provider: { domain: 'businessinsider.com' },
    });
    const total = await server.post({ query: '{ articles { totalCount } }' });
    expect(total.body.data.articles.totalCount).toBe(2);
  });

  it('recognizes a document sent again as unchanged, and updates it when its content changes', async () => {
    const again = await ingest([{ name: 'ivanka-pence.md', content: frontMatter }]);
    expect(again.body.data.ingestArticles[0]).toMatchObject({ status: 'UNCHANGED', error: null });
    const edited = frontMatter.replace(/^title: .*$/m, 'title: "Ivanka played peacemaker (corrected)"');
    const updated = await ingest([{ name: 'ivanka-pence.md', content: edited }]);
    const [result] = updated.body.data.ingestArticles;
    expect(result.status).toBe('UPDATED');
    expect(result.articleIds).toEqual(again.body.data.ingestArticles[0].articleIds);
    const article = await server.post({
      query: 'query($id: ID!) { article(id: $id) { title } }',
      variables: { id: result.articleIds[0] },
    });
    expect(article.body.data.article.title).toBe('Ivanka played peacemaker (corrected)');
  });

  it('refuses more than 100 documents in one request', async () => {
    const reply = await ingest(Array.from({ length: 101 }, (_, i) => ({ name: `n${i}`, content: 'x' })));
    expect(reply.body.errors[0]).toMatchObject({
      message: 'At most 100 documents per request, got 101',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });
});

describe('rate limit', () => {
  it('allows INGEST_RATE_LIMIT_MAX writes per key per window, then answers RATE_LIMITED (429); other keys are unaffected', async () => {
    // Earlier tests of this file used some of API_KEY's 5 calls: use it up.
    let reply: Awaited<ReturnType<typeof ingest>> | undefined;
    for (let i = 0; i < 6; i++) reply = await ingest([{ name: 'ivanka-pence.md', content: frontMatter }]);
    expect(reply!.status).toBe(429);
    expect(reply!.headers.get('retry-after')).toBe('3600');
    expect(reply!.body.errors[0]).toMatchObject({
      message: 'Rate limit of 5 writes per 1h exceeded for this API key (INGEST_RATE_LIMIT_MAX)',
      extensions: { code: 'RATE_LIMITED', limit: 'INGEST_RATE_LIMIT_MAX' },
    });
    expect(reply!.statements).toBe(0);

    const other = await ingest([{ name: 'ivanka-pence.md', content: frontMatter }], bearer(OTHER_KEY));
    expect(other.body.data.ingestArticles[0].status).toBe('UNCHANGED');
    const read = await server.post({ query: '{ articles { totalCount } }' }, bearer(API_KEY));
    expect(read.body.data.articles.totalCount).toBe(2);
  });
});
