// The example ingest client against a real HTTP server that runs only persisted operations and takes writes
// with an API key: it pushes seeds/ and the fixture corpus by hash, in batches within the limits, and what it
// reports per file is what the server stored (compared with the same files loaded by `npm run seed`'s path).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestClient, IngestRequestError } from '../../examples/ingest-client/src/client.js';
import { runCli } from '../../examples/ingest-client/src/main.js';
import { pushFiles } from '../../examples/ingest-client/src/push.js';
import { IngestArticlesMutation } from '../../examples/ingest-client/src/queries.js';
import { createNewsYoga, type NewsYoga } from '../../src/server/yoga.js';
import { FIXTURE_CORPUS_DIR, SEEDS_DIR } from '../helpers/fixtures.js';
import { API_KEY, type Client, clientOf, createTestServer, type TestServer } from '../helpers/server.js';

const ALLOW_LIST = new URL('../../persisted-operations.json', import.meta.url).pathname;
const INGEST_HASH = (IngestArticlesMutation as unknown as { __meta__: { hash: string } }).__meta__.hash;

/** A server listening on a loopback port, as the CLI needs a URL. */
async function listen(server: TestServer): Promise<{ http: Server; endpoint: string }> {
  const http = createServer(server.yoga);
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(0, '127.0.0.1', resolve);
  });
  const { port } = http.address() as AddressInfo;
  return { http, endpoint: `http://127.0.0.1:${port}${server.yoga.graphqlEndpoint}` };
}

async function close(http: Server | undefined) {
  if (!http?.listening) return;
  http.closeAllConnections();
  await new Promise<void>((resolve, reject) => http.close((error) => (error ? reject(error) : resolve())));
}

/** runCli with its output captured and the request bodies it sent recorded. */
async function cli(args: string[], env: NodeJS.ProcessEnv = { NEWS_API_KEY: API_KEY }) {
  const out: string[] = [];
  const err: string[] = [];
  const bodies: string[] = [];
  const recording: typeof fetch = (input, init) => {
    bodies.push(String(init?.body));
    return fetch(input, init);
  };
  const code = await runCli(args, env, { log: (l) => out.push(l), error: (l) => err.push(l) }, recording);
  return { code, out, err, bodies };
}

let target: TestServer; // empty, persisted operations only, writes with API_KEY
let reference: TestServer; // the same files loaded by seed()
let http: Server;
let endpoint: string;
let open: NewsYoga; // reads of the target's database as text queries
let read: Client;
let badDir: string;

beforeAll(async () => {
  target = await createTestServer(
    { settings: { PERSISTED_OPERATIONS_FILE: ALLOW_LIST, INGEST_API_KEYS: [API_KEY] } },
    { seeded: false },
  );
  reference = await createTestServer();
  ({ http, endpoint } = await listen(target));
  open = createNewsYoga({ db: target.db });
  read = clientOf(open);
  badDir = mkdtempSync(join(tmpdir(), 'ingest-client-'));
  writeFileSync(join(badDir, 'broken.md'), '---\ntitle: [unclosed\n---\nbody\n');
  writeFileSync(join(badDir, 'notes.csv'), 'not,a,document\n');
});

afterAll(async () => {
  await close(http);
  await open?.dispose();
  await target?.drop();
  await reference?.drop();
  if (badDir) rmSync(badDir, { recursive: true, force: true });
});

const LISTING =
  '{ articles(first: 100) { totalCount edges { node { webUrl title publishedAt provider { domain } topics { slug } } } } }';

async function listing(client: Client) {
  const res = await client.graphql<{ articles: { totalCount: number; edges: { node: { webUrl: string | null } }[] } }>(LISTING);
  expect(res.errors).toBeUndefined();
  const { totalCount, edges } = res.data!.articles;
  return { totalCount, nodes: edges.map((e) => e.node).sort((a, b) => String(a.webUrl).localeCompare(String(b.webUrl))) };
}

describe('examples/ingest-client against a persisted-operations server', () => {
  it('refuses to run without NEWS_API_KEY, before any request', async () => {
    const run = await cli(['--endpoint', endpoint, '--persisted', SEEDS_DIR], {});
    expect(run.code).toBe(2);
    expect(run.err[0]).toMatch(/^NEWS_API_KEY is not set/);
    expect(run.bodies).toHaveLength(0);
  });

  it('stops on 401 without a valid key, storing nothing', async () => {
    const anonymous = createIngestClient({ endpoint, persistedOperations: true });
    const refused = await anonymous.ingest([{ name: 'x.md', content: 'x' }]).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(IngestRequestError);
    expect(refused).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', fatal: true });
    expect((refused as Error).message).toMatch(/API key is required/);

    const wrongKey = await cli(['--endpoint', endpoint, '--persisted', SEEDS_DIR, FIXTURE_CORPUS_DIR], {
      NEWS_API_KEY: 'not-the-key-0123456789',
    });
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.bodies).toHaveLength(1);
    // The first batch is larger than a request without a valid key may be: the server says so before the 401.
    expect(wrongKey.err.at(-1)).toMatch(
      /^stopped: HTTP 413: .* \[REQUEST_ENTITY_TOO_LARGE\]: the server did not accept the API key; \d+ document\(s\) not sent$/,
    );
    const small = await cli(['--endpoint', endpoint, '--persisted', SEEDS_DIR], { NEWS_API_KEY: 'not-the-key-0123456789' });
    expect(small.code).toBe(1);
    expect(small.bodies).toHaveLength(1);
    expect(small.err.at(-1)).toBe('stopped: HTTP 401: Invalid API key [UNAUTHENTICATED]; 2 document(s) not sent');
    expect((await listing(read)).totalCount).toBe(0);
  });

  it('pushes seeds/ and the fixture corpus by hash in batches; a bad file fails with its reason, the rest loads', async () => {
    const run = await cli(['--endpoint', endpoint, '--persisted', '--batch-size', '10', SEEDS_DIR, FIXTURE_CORPUS_DIR, badDir]);
    expect(run.code).toBe(1);

    // Outcomes: the files as seed() counted them, plus the broken file; the CSV in a folder is left out.
    const files = reference.summary.files;
    expect(files.failed).toBe(0);
    const total = files.loaded + files.skipped;
    expect(run.out.at(-2)).toBe(
      `${total + 1} documents in ${Math.ceil((total + 1) / 10)} request(s): ${files.loaded} loaded, 0 updated, 0 unchanged, ${files.skipped} skipped, 1 failed`,
    );
    expect(run.out.at(-1)).toBe('1 file(s) in folders ignored (not .md, .markdown, .json or .txt)');
    const broken = run.out.find((line) => line.includes('/broken.md'));
    expect(broken).toMatch(/^failed {4}ingest-client-\w+\/broken\.md: .*(YAML|front matter)/i);
    expect(run.out).toContain('skipped   corpus/_events/2023-07-20-harbor-party-state-convention.md (event)');
    expect(run.out.filter((line) => line.startsWith('loaded '))).toHaveLength(files.loaded);

    // Over the wire: the allow-listed hash only, at most 10 documents a request.
    for (const body of run.bodies) {
      const sent = JSON.parse(body) as {
        query?: string;
        extensions: { persistedQuery: { sha256Hash: string } };
        variables: { documents: unknown[] };
      };
      expect(sent.query).toBeUndefined();
      expect(sent.extensions.persistedQuery.sha256Hash).toBe(INGEST_HASH);
      expect(sent.variables.documents.length).toBeLessThanOrEqual(10);
    }

    // What the server stored is what seed() stores from the same files.
    const stored = await listing(read);
    expect(stored).toEqual(await listing(reference));
    expect(stored.totalCount).toBe(reference.summary.articles);
  });

  it('reports the article ids the server stored for each document', async () => {
    const client = createIngestClient({ endpoint, apiKey: API_KEY, persistedOperations: true });
    const summary = await pushFiles([join(SEEDS_DIR, '004_802b4129ae81b8f2.txt')], client);
    expect(summary.outcomes).toEqual([
      expect.objectContaining({ name: '004_802b4129ae81b8f2.txt', status: 'loaded', reason: null }),
    ]);
    const [id] = summary.outcomes[0]!.articleIds;
    const res = await read.graphql<{ article: { provider: { domain: string } | null } | null }>(
      'query($id: ID) { article(id: $id) { provider { domain } } }',
      { id },
    );
    expect(res.data?.article?.provider?.domain).toBe('businessinsider.com');
  });

  it('reports every file unchanged on a second push, in requests under --max-request-bytes', async () => {
    const maxBytes = 50_000;
    const run = await cli([
      '--endpoint',
      endpoint,
      '--persisted',
      '--max-request-bytes',
      String(maxBytes),
      SEEDS_DIR,
      FIXTURE_CORPUS_DIR,
      badDir,
    ]);
    expect(run.code).toBe(1);
    const files = reference.summary.files;
    const total = files.loaded + files.skipped;
    expect(run.out.at(-2)).toMatch(
      new RegExp(`^${total + 1} documents in \\d+ request\\(s\\): 0 loaded, 0 updated, ${total} unchanged, 0 skipped, 1 failed$`),
    );
    expect(run.bodies.length).toBeGreaterThan(1);
    for (const body of run.bodies) expect(Buffer.byteLength(body)).toBeLessThanOrEqual(maxBytes);
    expect((await listing(read)).totalCount).toBe(reference.summary.articles);
  });

  it('exits 0 when nothing failed', async () => {
    const run = await cli(['--endpoint', endpoint, '--persisted', SEEDS_DIR]);
    expect(run.code).toBe(0);
    expect(run.out.at(-1)).toBe('2 documents in 1 request(s): 0 loaded, 0 updated, 2 unchanged, 0 skipped, 0 failed');
  });
});

describe('examples/ingest-client and the rate limit', () => {
  let limited: TestServer;
  let limitedHttp: Server;
  let limitedEndpoint: string;
  beforeAll(async () => {
    limited = await createTestServer(
      {
        settings: {
          PERSISTED_OPERATIONS_FILE: ALLOW_LIST,
          INGEST_API_KEYS: [API_KEY],
          INGEST_RATE_LIMIT_MAX: 1,
          INGEST_RATE_LIMIT_WINDOW: '2s',
        },
      },
      { seeded: false },
    );
    ({ http: limitedHttp, endpoint: limitedEndpoint } = await listen(limited));
  });
  afterAll(async () => {
    await close(limitedHttp);
    await limited?.drop();
  });

  it('waits as Retry-After says on 429 and sends the batch again', async () => {
    const waits: number[] = [];
    const client = createIngestClient({
      endpoint: limitedEndpoint,
      apiKey: API_KEY,
      persistedOperations: true,
      sleep: (ms) => {
        waits.push(ms);
        return new Promise((resolve) => setTimeout(resolve, ms));
      },
    });
    // One document a request: the second request is over the limit of one write per 2 s.
    const summary = await pushFiles([SEEDS_DIR], client, { batchSize: 1 });
    expect(summary.counts).toEqual({ loaded: 2, updated: 0, unchanged: 0, skipped: 0, failed: 0 });
    expect(summary.retries).toBeGreaterThanOrEqual(1);
    expect(waits.every((ms) => ms === 2000)).toBe(true);
    expect(summary.requests).toBe(2 + summary.retries);
  });

  it('stops when Retry-After is longer than it waits, counting what was not sent', async () => {
    const client = createIngestClient({
      endpoint: limitedEndpoint,
      apiKey: API_KEY,
      persistedOperations: true,
      maxRetryWaitMs: 500,
    });
    const summary = await pushFiles([SEEDS_DIR], client, { batchSize: 1 });
    expect(summary.aborted?.message).toMatch(
      /^HTTP 429: .* \[RATE_LIMITED\]: Retry-After asks for 2 s, more than the 1 s this client waits$/,
    );
    expect(summary.outcomes.length + summary.notSent).toBe(2);
    expect(summary.notSent).toBeGreaterThan(0);
  });
});
