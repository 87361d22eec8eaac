// OpenTelemetry: a span per GraphQL operation (envelop's plugin: no resolver spans, no variables or results in
// attributes, which would copy client input and content into the traces) and a span per SQL statement
// (Prisma's instrumentation for writes, src/db/reader.ts for the API's reads; nested under the operation that
// sent it). Exported over OTLP/HTTP when
// OTEL_EXPORTER_OTLP_ENDPOINT is set (the exporter reads the standard OTEL_EXPORTER_OTLP_* variables);
// tests pass an in-memory exporter instead. Off otherwise: no provider, no plugin, no cost.
import { useOpenTelemetry } from '@envelop/opentelemetry';
import type { TracerProvider } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { PrismaInstrumentation } from '@prisma/instrumentation';
import type { Plugin } from 'graphql-yoga';
import type { Settings } from '../config.js';
import { traceReads } from '../db/reader.js';

export interface Tracing {
  provider: TracerProvider;
  /** Exports what is buffered and stops. */
  shutdown(): Promise<void>;
}

/**
 * Starts tracing for this process, before the database client is created (Prisma's instrumentation must be
 * in place by then). `exporter`: where spans go instead of OTLP (tests). Undefined when tracing is off.
 */
export function startTracing(
  settings: Pick<Settings, 'OTEL_EXPORTER_OTLP_ENDPOINT'>,
  exporter?: SpanExporter,
): Tracing | undefined {
  if (!exporter && !settings.OTEL_EXPORTER_OTLP_ENDPOINT) return undefined;
  const provider = new NodeTracerProvider({
    spanProcessors: [exporter ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  // Global: Prisma's spans find the active operation span through the global context manager.
  provider.register();
  const prisma = new PrismaInstrumentation();
  prisma.setTracerProvider(provider);
  prisma.enable();
  traceReads(provider.getTracer('news-graphql'));
  return {
    provider,
    shutdown: async () => {
      prisma.disable();
      traceReads(null);
      await provider.shutdown();
    },
  };
}

/** The yoga plugin: one span per operation, named `<type>.<operation name>`. */
export function useTracing(provider: TracerProvider): Plugin {
  return useOpenTelemetry({ resolvers: false, variables: false, result: false, document: false }, provider) as Plugin;
}
