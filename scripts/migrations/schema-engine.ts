// Development tooling only: Prisma's WebAssembly schema engine driven through driver adapters, because the
// Prisma CLI's migrate commands download a native engine binary first, which fails on a machine that reaches
// only the npm registry. Each work-around for a bug of the engine or the adapters (Prisma 7.10) is explained
// where it is made; the callers work around two more (migration-tooling.ts: createMigration needs
// devDiagnostic first; the scripts exit explicitly because the engine leaves a timer pending on PostgreSQL).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import type { MigrationList, SchemaEngine, SchemaFilter } from '@prisma/schema-engine-wasm/schema_engine_bg';
import * as bg from '@prisma/schema-engine-wasm/schema_engine_bg';
import pg from 'pg';
import type { SqlDialect } from '../../src/db/dialect.js';
import { createScratchPgDatabase } from '../scratch-db.js';

export type { MigrationList, SchemaEngine, SchemaFilter };

/**
 * Tables the migrations create but the models do not describe (full-text search). The engine must neither
 * drop them nor count them as drift. PostgreSQL wants schema-qualified names, SQLite plain ones; the FTS5
 * shadow tables are listed because the engine sees them as ordinary tables.
 */
export const SCHEMA_FILTERS: Record<SqlDialect, SchemaFilter> = {
  sqlite: {
    externalTables: [
      ...['article_fts', 'article_fts_data', 'article_fts_idx', 'article_fts_docsize', 'article_fts_config'],
      ...['data_version', 'article_added', 'article_removed'],
    ],
    externalEnums: [],
  },
  postgresql: {
    externalTables: ['public.article_search', 'public.data_version', 'public.article_added', 'public.article_removed'],
    externalEnums: [],
  },
};

let engineClass: Promise<typeof SchemaEngine> | undefined;

/** The package's main entry imports a .wasm file, which Node 20 refuses (ERR_UNKNOWN_FILE_EXTENSION); instantiate it by hand. */
function loadSchemaEngineClass(): Promise<typeof SchemaEngine> {
  engineClass ??= (async () => {
    // The .wasm is not an exported subpath: find it next to the exported glue module.
    const gluePath = createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const wasmPath = gluePath.replace(/\.js$/, '.wasm');
    const module = new WebAssembly.Module(readFileSync(wasmPath));
    const instance = await WebAssembly.instantiate(module, {
      './schema_engine_bg.js': bg as unknown as WebAssembly.ModuleImports,
    });
    const exports = instance.exports as { __wbindgen_start: () => void };
    bg.__wbg_set_wasm(instance.exports);
    exports.__wbindgen_start();
    return bg.SchemaEngine;
  })();
  return engineClass;
}

/** Delegates everything to `inner` except the methods given in `overrides`. */
function overrideAdapter(inner: SqlDriverAdapter, overrides: Partial<SqlDriverAdapter>): SqlDriverAdapter {
  const getConnectionInfo = inner.getConnectionInfo?.bind(inner);
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    queryRaw: (query) => inner.queryRaw(query),
    executeRaw: (query) => inner.executeRaw(query),
    executeScript: (script) => inner.executeScript(script),
    startTransaction: (isolationLevel) => inner.startTransaction(isolationLevel),
    dispose: () => inner.dispose(),
    ...(getConnectionInfo ? { getConnectionInfo } : {}),
    ...overrides,
  };
}

function sqliteAdapterFactory(file: string): SqlMigrationAwareDriverAdapterFactory {
  const factory = new PrismaBetterSqlite3({ url: file });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: () => factory.connect(),
    // The engine replays migrations on the shadow database with executeRaw, which better-sqlite3 limits to one
    // statement (Prisma reports P3006); argument-free calls are scripts, so run them as such.
    connectToShadowDb: async () => {
      const shadow = await factory.connectToShadowDb();
      return overrideAdapter(shadow, {
        executeRaw: async (query) => {
          if (query.args.length > 0) return shadow.executeRaw(query);
          await shadow.executeScript(query.sql);
          return 0;
        },
      });
    },
  };
}

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

type PgResultLike = { fields?: { dataTypeID: number }[] };

/** adapter-pg cannot map the catalog type "char" (OID 18) that introspection selects; it is one-letter text. */
function reportCharAsText<T>(result: T): T {
  for (const part of Array.isArray(result) ? result : [result]) {
    for (const field of (part as PgResultLike | undefined)?.fields ?? []) {
      if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
    }
  }
  return result;
}

/** A pg client for the tooling process only: see reportCharAsText. Handles both callback and promise calls. */
class CharAsTextClient extends pg.Client {
  override query(...args: unknown[]): never {
    const run = super.query as (...a: unknown[]) => unknown;
    const callbackAt = args.findIndex((arg) => typeof arg === 'function');
    if (callbackAt >= 0) {
      const callback = args[callbackAt] as (error: unknown, result: unknown) => void;
      args[callbackAt] = (error: unknown, result: unknown) => callback(error, error ? result : reportCharAsText(result));
      return run.apply(this, args) as never;
    }
    const out = run.apply(this, args);
    return (out instanceof Promise ? out.then(reportCharAsText) : out) as never;
  }
}

async function connectPg(url: string): Promise<SqlDriverAdapter> {
  const pool = new pg.Pool({ connectionString: url, Client: CharAsTextClient, max: 4 });
  const inner = await new PrismaPg(pool, { disposeExternalPool: true }).connect();
  return overrideAdapter(inner, {
    // adapter-pg splits scripts on every ';', which breaks function bodies; PostgreSQL's simple query
    // protocol runs a multi-statement script as one implicit transaction, as the native engine does.
    executeScript: async (script) => {
      await pool.query(script);
    },
  });
}

function pgAdapterFactory(url: string): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    connect: () => connectPg(url),
    // PrismaPg's own shadow connection, built from a connection string, points at the main database and
    // drops the shadow database before closing its pool: make a uniquely named one, close first, then drop.
    connectToShadowDb: async () => {
      const shadowDb = await createScratchPgDatabase(url, 'prisma_shadow');
      const shadow = await connectPg(shadowDb.url);
      return overrideAdapter(shadow, {
        dispose: async () => {
          await shadow.dispose();
          await shadowDb.drop();
        },
      });
    },
  };
}

/** Remembers the connections a factory opened, so they can be closed when the engine is done. */
function trackConnections(factory: SqlMigrationAwareDriverAdapterFactory): {
  factory: SqlMigrationAwareDriverAdapterFactory;
  disposeAll: () => Promise<void>;
} {
  const open = new Set<SqlDriverAdapter>();
  const track = async (connect: () => Promise<SqlDriverAdapter>) => {
    const adapter = await connect();
    const tracked = overrideAdapter(adapter, {
      dispose: async () => {
        if (open.delete(tracked)) await adapter.dispose();
      },
    });
    open.add(tracked);
    return tracked;
  };
  return {
    factory: {
      provider: factory.provider,
      adapterName: factory.adapterName,
      connect: () => track(() => factory.connect()),
      connectToShadowDb: () => track(() => factory.connectToShadowDb()),
    },
    disposeAll: async () => {
      for (const adapter of [...open]) await adapter.dispose();
    },
  };
}

export interface OpenedSchemaEngine {
  engine: SchemaEngine;
  schemaFiles: { path: string; content: string }[];
  filters: SchemaFilter;
  /** Frees the engine and closes every connection it opened (the engine itself does not). */
  close(): Promise<void>;
}

/** Starts the engine on `databaseUrl` (a SQLite `file:` URL or a PostgreSQL URL) with `schema` as datamodel. */
export async function openSchemaEngine(options: {
  dialect: SqlDialect;
  databaseUrl: string;
  schema: { path: string; content: string };
  log?: (message: string) => void;
}): Promise<OpenedSchemaEngine> {
  const SchemaEngineClass = await loadSchemaEngineClass();
  const { path, content } = options.schema;
  const { factory, disposeAll } = trackConnections(
    options.dialect === 'sqlite' ? sqliteAdapterFactory(options.databaseUrl) : pgAdapterFactory(options.databaseUrl),
  );
  const log = options.log ?? (() => {});
  const engine = await SchemaEngineClass.new(
    { datamodels: [[path, content]] },
    (message: string) => log(message),
    bindMigrationAwareSqlAdapterFactory(factory),
  );
  return {
    engine,
    schemaFiles: [{ path, content }],
    filters: SCHEMA_FILTERS[options.dialect],
    close: async () => {
      engine.free();
      await disposeAll();
    },
  };
}
