// Persisted operations: with PERSISTED_OPERATIONS_FILE set, only the operations of the file run, by hash. The
// committed file is generated from the clients' documents (codegen's persisted documents).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientPersistedOperations } from '../../scripts/graphql-clients.js';
import { persistedOperationId } from '../../src/server/persisted-operations.js';
import { createNewsYoga } from '../../src/server/yoga.js';
import { createTestServer, type TestServer } from '../helpers/server.js';

const COMMITTED_FILE = new URL('../../persisted-operations.json', import.meta.url);
const persisted = (query: string) => ({ version: 1, sha256Hash: persistedOperationId(query) });
const committed = (): Record<string, string> => JSON.parse(readFileSync(COMMITTED_FILE, 'utf8'));

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer({
    settings: { PERSISTED_OPERATIONS_FILE: COMMITTED_FILE.pathname },
  });
});
afterAll(() => server?.drop());

describe('persisted operations', () => {
  it("the committed file is every client's persisted documents (npm run persisted-operations rewrites it)", () => {
    const operations = committed();
    expect(operations).toEqual(clientPersistedOperations());
    expect(Object.values(operations).some((q) => q.startsWith('query Dashboard('))).toBe(true);
  });

  it('runs a listed operation by its hash, with variables', async () => {
    const dashboard = Object.values(committed()).find((q) => q.startsWith('query Dashboard('))!;
    const reply = await server.post({ extensions: { persistedQuery: persisted(dashboard) }, variables: { first: 2 } });
    expect(reply.body.errors).toBeUndefined();
    expect(reply.body.data.articles.edges).toHaveLength(2);
  });

  it('refuses any other operation text, and unknown hashes, before any SQL', async () => {
    const before = server.sqlStatements();
    const text = await server.post({ query: '{ articles(first: 1) { totalCount } }' });
    expect(text.status).toBe(400);
    expect(text.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_ONLY');
    const unknown = await server.post({ extensions: { persistedQuery: persisted('{ articles { totalCount } }') } });
    expect(unknown.body.errors[0]).toMatchObject({
      message: 'Unknown persisted operation',
      extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' },
    });
    expect(server.sqlStatements()).toBe(before);
  });

  it('a broken file stops the server at start, naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'persisted-'));
    try {
      const file = join(dir, 'ops.json');
      writeFileSync(file, JSON.stringify({ abc: '{ articles { ' }));
      expect(() => createNewsYoga({ db: server.db, settings: { PERSISTED_OPERATIONS_FILE: file } })).toThrow(
        /ops\.json: operation abc: Syntax Error/,
      );
      const text = '{ articles { totalCount } }';
      writeFileSync(file, JSON.stringify({ [persistedOperationId(`${text} `)]: text }));
      expect(() => createNewsYoga({ db: server.db, settings: { PERSISTED_OPERATIONS_FILE: file } })).toThrow(
        /the id is not the sha256 of its text/,
      );
      writeFileSync(file, '["not", "an", "object"]');
      expect(() => createNewsYoga({ db: server.db, settings: { PERSISTED_OPERATIONS_FILE: file } })).toThrow(
        /ops\.json: expected an object/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
