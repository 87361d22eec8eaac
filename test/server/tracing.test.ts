// OpenTelemetry: a span per operation, and Prisma's spans for the SQL it sent nested under it, checked through
// an in-memory exporter (production exports over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set).
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTracing, type Tracing } from '../../src/server/tracing.js';
import { createTestServer, type TestServer } from '../helpers/server.js';

const exporter = new InMemorySpanExporter();
let tracing: Tracing;
let server: TestServer;
beforeAll(async () => {
  tracing = startTracing({}, exporter)!; // before the server's database client, as `npm start` does
  server = await createTestServer({ production: true, tracerProvider: tracing.provider });
});
afterAll(async () => {
  await server?.drop();
  await tracing?.shutdown();
});

/** Every span below `root` in its trace. */
function descendants(spans: ReadableSpan[], root: ReadableSpan): ReadableSpan[] {
  const below = spans.filter((s) => s.parentSpanContext?.spanId === root.spanContext().spanId);
  return below.flatMap((s) => [s, ...descendants(spans, s)]);
}

describe('tracing', () => {
  it('records a span per operation, with the SQL statements it sent below it', async () => {
    exporter.reset();
    const reply = await server.post({
      query: 'query Headlines { articles(first: 3) { edges { node { title provider { name } } } } }',
    });
    expect(reply.body.errors).toBeUndefined();
    const spans = exporter.getFinishedSpans();
    const operation = spans.find((s) => s.name === 'query.Headlines');
    expect(operation?.attributes['graphql.execute.operationName']).toBe('Headlines');
    const sql = descendants(spans, operation!)
      .filter((s) => s.name.startsWith('db_query '))
      .map((s) => String(s.attributes['db.query.text']));
    // The page, with its articles and their providers, in one statement (named by its store).
    expect(sql).toHaveLength(1);
    expect(sql[0]).toMatch(/^\/\* articlePage \*\/ .*LEFT JOIN provider p/s);
    expect(JSON.stringify(spans.map((s) => s.attributes))).not.toContain('"variables"');
  });
});
