// Provider: a news outlet, its logos and its articles.
import { type ProviderRecord, providerByDomain, providerCount, providerPage } from '../db/provider-store.js';
import { normalizeDomain } from '../ingest/url.js';
import { ArticleConnection, ArticleRef } from './article.js';
import { ArticleFilterInput, ArticleOrderEnum, resolveArticleList } from './article-list.js';
import { builder } from './builder.js';
import { ImageRef } from './image.js';
import { LIST_FIRST_ARG, listSize, MAX_LIST_SIZE, parseLocalId, resolveOffsetListConnection } from './paging.js';

export const ProviderRef = builder.objectRef<ProviderRecord>('Provider');

builder.node(ProviderRef, {
  description: 'A news outlet, identified by its domain.',
  id: { resolve: (p) => p.id, parse: parseLocalId },
  loadMany: (ids, ctx) => ids.map((id) => ctx.loaders.providerById.load(parseLocalId(String(id)))),
  fields: (t) => ({
    name: t.exposeString('name'),
    domain: t.exposeString('domain'),
    images: t.field({
      type: [ImageRef],
      description: `Logos: the first \`first\` (default and at most ${MAX_LIST_SIZE}: every item ingest may store).`,
      args: { first: t.arg.int(LIST_FIRST_ARG) },
      resolve: (p, args, ctx) => ctx.loaders.imagesByProvider.load({ parentId: p.id, limit: listSize(args.first) }),
    }),
    articleCount: t.int({
      description: 'Articles from this provider (related-only stubs excluded).',
      resolve: (p, _a, ctx) => ctx.loaders.providerArticleCount.load(p.id),
    }),
    articles: t.connection(
      {
        type: ArticleRef,
        args: {
          filter: t.arg({ type: ArticleFilterInput, required: false }),
          orderBy: t.arg({ type: ArticleOrderEnum, required: false, defaultValue: 'PUBLISHED_AT_DESC' }),
        },
        resolve: (p, args, ctx, info) => resolveArticleList(args, ctx, info, { providerId: p.id }),
      },
      ArticleConnection,
    ),
  }),
});

builder.queryFields((t) => ({
  providers: t.connection(
    {
      type: ProviderRef,
      description: 'All providers, by name.',
      resolve: (_root, args, ctx) =>
        resolveOffsetListConnection(
          args,
          (slice) => providerPage(ctx.db, slice),
          () => providerCount(ctx.db),
        ),
    },
    { name: 'ProviderConnection' },
    { name: 'ProviderEdge' },
  ),
  provider: t.field({
    type: ProviderRef,
    nullable: true,
    args: { domain: t.arg.string({ required: true, description: 'e.g. "cnn.com" (a leading www. is ignored).' }) },
    resolve: (_root, { domain }, ctx) => providerByDomain(ctx.db, normalizeDomain(domain)),
  }),
}));
