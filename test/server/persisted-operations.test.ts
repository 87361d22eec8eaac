// Persisted operations: with PERSISTED_OPERATIONS_FILE set, only the operations of the file run, by hash.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_QUERY } from '../../src/graphql/dashboard-query.js';
import { KNOWN_OPERATIONS, persistedOperationId, persistedOperationsFile } from '../../src/server/persisted-operations.js';
import { createNewsYoga } from '../../src/server/yoga.js';
import { API_KEY, createTestServer, type TestServer } from '../helpers/server.js';

const COMMITTED_FILE = new URL('../../persisted-operations.json', import.meta.url);
const persisted = (query: string) => ({ version: 1, sha256Hash: persistedOperationId(query) });

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer({
    settings: { PERSISTED_OPERATIONS_FILE: COMMITTED_FILE.pathname, INGEST_API_KEYS: [API_KEY] },
  });
});
afterAll(() => server?.drop());

describe('persisted operations', () => {
  it('the committed file lists the project\'s operations (npm run persisted-operations rewrites it)', () => {
    expect(JSON.parse(readFileSync(COMMITTED_FILE, 'utf8'))).toEqual(persistedOperationsFile(KNOWN_OPERATIONS));
  });

  it('runs the dashboard query by its hash, with variables', async () => {
    const reply = await server.post({ extensions: { persistedQuery: persisted(DASHBOARD_QUERY) }, variables: { first: 7 } });
    expect(reply.body.errors).toBeUndefined();
    expect(reply.body.data.articles.edges).toHaveLength(7);
  });

  it('runs the ingest mutation by its hash', async () => {
    const mutation = KNOWN_OPERATIONS.find((q) => q.startsWith('mutation IngestArticles'))!;
    const reply = await server.post(
      { extensions: { persistedQuery: persisted(mutation) }, variables: { documents: [{ name: 'empty.md', content: ' ' }] } },
      { authorization: `Bearer ${API_KEY}` },
    );
    expect(reply.body.data.ingestArticles).toEqual([
      expect.objectContaining({ name: 'empty.md', status: 'FAILED', error: 'empty file: only whitespace' }),
    ]);
  });

  it('refuses any other operation text, and unknown hashes, before any SQL', async () => {
    const before = server.sqlStatements();
    const text = await server.post({ query: '{ articles(first: 1) { totalCount } }' });
    expect(text.status).toBe(400);
    expect(text.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_ONLY');
    const unknown = await server.post({ extensions: { persistedQuery: persisted('{ articles { totalCount } }') } });
    expect(unknown.body.errors[0]).toMatchObject({ message: 'Unknown persisted operation', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } });
    expect(server.sqlStatements()).toBe(before);
  });

  it('a broken file stops the server at start, naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'persisted-'));
    try {
      const file = join(dir, 'ops.json');
      writeFileSync(file, JSON.stringify({ abc: '{ articles { ' }));
      expect(() => createNewsYoga({ db: server.db, settings: { PERSISTED_OPERATIONS_FILE: file } })).toThrow(/ops\.json: operation abc: Syntax Error/);
      writeFileSync(file, '["not", "an", "object"]');
      expect(() => createNewsYoga({ db: server.db, settings: { PERSISTED_OPERATIONS_FILE: file } })).toThrow(/ops\.json: expected an object/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
