// A proposal measured by the benchmark (variant "lean-loader"): articleById without the columns the
// listings never show. Prisma turns every column of every row into JS values; for the dashboard's ~300
// article rows, leaving out these six cuts that work by ~45% (see the notes in BENCHMARKS.md).
// In src/graphql/loaders.ts this would come with a second loader for `body` and `secured`, which the
// Article type would resolve through; here the variant is only used with queries that ask for neither.
import DataLoader from 'dataloader';
import type { Plugin } from 'graphql-yoga';
import type { Database } from '../src/db/client.js';
import type { Context } from '../src/graphql/builder.js';

const NEVER_LISTED = {
  body: true,
  secured: true,
  identityKey: true,
  contentHash: true,
  createdAt: true,
  updatedAt: true,
} as const;

export function leanArticleById(db: Database) {
  return new DataLoader<number, Context['loaders']['articleById'] extends DataLoader<number, infer T> ? T : never>(
    async (ids) => {
      const rows = await db.prisma.article.findMany({ where: { id: { in: [...ids] } }, omit: NEVER_LISTED });
      // The omitted fields read as null: callers of this variant never select them.
      const byId = new Map(
        rows.map((row) => [
          row.id,
          { ...row, body: null, secured: null, identityKey: '', contentHash: '', createdAt: new Date(0), updatedAt: new Date(0) },
        ]),
      );
      return ids.map((id) => byId.get(id) ?? null);
    },
  );
}

/** Swaps the per-request articleById for the lean one, after the server built its context. */
export function useLeanArticleLoader(db: Database): Plugin<Context> {
  return {
    onContextBuilding({ context, extendContext }) {
      extendContext({ loaders: { ...context.loaders, articleById: leanArticleById(db) } } as Partial<Context>);
    },
  };
}
