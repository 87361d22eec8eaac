// Article: the node type, its relations (each through a per-request loader) and the article query fields.

import type { GraphQLResolveInfo } from 'graphql';
import type { ArticleRecord } from '../db/article-store.js';
import { articleBySlug, articleByUrl } from '../db/article-store.js';
import { urlIdentityKey } from '../ingest/url.js';
import { ArticleFilterInput, ArticleOrderEnum, resolveArticleList } from './article-list.js';
import type { Context } from './builder.js';
import { builder } from './builder.js';
import { badUserInput } from './errors.js';
import { decodeNodeId } from './global-id.js';
import { ImageRef } from './image.js';
import { type Loaders, primeArticles, providerOfArticle } from './loaders.js';
import {
  type ConnectionArgs,
  connectionFromRows,
  decodeCursor,
  encodeCursor,
  isInt32,
  LIST_FIRST_ARG,
  listSize,
  MAX_LIST_SIZE,
  pageWindow,
  parseLocalId,
} from './paging.js';
import { articleReadsAsked } from './prefetch.js';
import { ProviderRef } from './provider.js';
import { TopicRef } from './topic.js';

export const ArticleRef = builder.objectRef<ArticleRecord>('Article');

/** One connection type for every list of articles, so clients can share fragments across them. */
export const ArticleConnection = builder.connectionObject(
  { type: ArticleRef, name: 'ArticleConnection' },
  { name: 'ArticleEdge' },
);

builder.node(ArticleRef, {
  description: "A news story. Stories known only from another article's related list are stubs (isStub).",
  id: { resolve: (a) => a.id, parse: parseLocalId },
  loadMany: (ids, ctx) => ids.map((id) => ctx.loaders.articleById.load(parseLocalId(String(id)))),
  fields: (t) => ({
    slug: t.exposeString('slug'),
    title: t.exposeString('title'),
    excerpt: t.exposeString('excerpt', { nullable: true }),
    body: t.string({
      nullable: true,
      description: 'The full text, where the source gives one.',
      // Read only when asked for: listings never carry bodies (see articleBodyById).
      resolve: (a, _args, ctx) => ctx.loaders.articleBodyById.load(a.id),
    }),
    author: t.exposeString('author', { nullable: true }),
    category: t.exposeString('category', { nullable: true }),
    type: t.exposeString('type', { nullable: true }),
    language: t.exposeString('language', {
      nullable: true,
      description:
        'BCP 47 primary language subtag ("en", "uk", "zh"): the source\'s locale where it gives one, else detected from title, excerpt and body; null when the text is too short to tell (under 60 letters where the script is shared by several languages, as Latin, Cyrillic or Arabic; under 16 where it names one, as Greek or Korean), no language clearly wins, or the language cannot be determined.',
    }),
    publishedAt: t.expose('publishedAt', { type: 'DateTime', nullable: true }),
    originalUrl: t.exposeString('originalUrl', { nullable: true }),
    webUrl: t.exposeString('webUrl', { nullable: true }),
    ampWebUrl: t.exposeString('ampWebUrl', { nullable: true }),
    cdnAmpWebUrl: t.exposeString('cdnAmpWebUrl', { nullable: true }),
    quality: t.exposeInt('quality', { nullable: true }),
    heat: t.exposeInt('heat', { nullable: true }),
    published: t.exposeBoolean('published', { nullable: true }),
    secured: t.exposeString('secured', { nullable: true }),
    isStub: t.exposeBoolean('isStub', { description: "Known only as another article's related story so far." }),
    provider: t.field({
      type: ProviderRef,
      nullable: true,
      resolve: (a, _args, ctx) => providerOfArticle(ctx.loaders, a),
    }),
    topics: t.field({
      type: [TopicRef],
      description: `Topics in the order the file lists them: the first \`first\` (default and at most ${MAX_LIST_SIZE}: every item ingest may store).`,
      args: { first: t.arg.int(LIST_FIRST_ARG) },
      resolve: (a, args, ctx) => ctx.loaders.topicsByArticle.load({ parentId: a.id, limit: listSize(args.first) }),
    }),
    images: t.field({
      type: [ImageRef],
      description: `Images in file order: the first \`first\` (default and at most ${MAX_LIST_SIZE}: every item ingest may store).`,
      args: { first: t.arg.int(LIST_FIRST_ARG) },
      resolve: (a, args, ctx) => ctx.loaders.imagesByArticle.load({ parentId: a.id, limit: listSize(args.first) }),
    }),
    related: t.connection(
      {
        type: ArticleRef,
        description: 'Stories this article lists as related, in the order its file lists them.',
        resolve: (a, args, ctx, info) => resolveLinkPage(a.id, args, ctx, info, 'relatedPage', 'relatedCount'),
      },
      ArticleConnection,
    ),
    relatedTo: t.connection(
      {
        type: ArticleRef,
        description: 'Articles that list this one as related, in the order they were first stored.',
        resolve: (a, args, ctx, info) => resolveLinkPage(a.id, args, ctx, info, 'relatedToPage', 'relatedToCount'),
      },
      ArticleConnection,
    ),
  }),
});

const isRank = (p: unknown[]) => p.length === 1 && isInt32(p[0]);

async function resolveLinkPage(
  parentId: number,
  args: ConnectionArgs,
  ctx: Context,
  info: GraphQLResolveInfo,
  pageLoader: keyof Pick<Loaders, 'relatedPage' | 'relatedToPage'>,
  countLoader: keyof Pick<Loaders, 'relatedCount' | 'relatedToCount'>,
) {
  const kind = pageLoader === 'relatedPage' ? 'related' : 'relatedTo';
  const window = pageWindow(args, (cursor) => decodeCursor(kind, cursor, isRank)[0] as number);
  // The same for every parent of a level (one field, one selection): their keys share one statement.
  const { lists, columns } = articleReadsAsked(info, ['edges', 'node']);
  const links = await ctx.loaders[pageLoader].load({
    parentId,
    afterRank: window.after,
    beforeRank: window.before,
    limit: window.limit,
    inverted: window.inverted,
    lists,
    columns,
  });
  primeArticles(ctx.loaders, links, columns);
  return connectionFromRows(
    links,
    window,
    (link) => encodeCursor(kind, [link.rank]),
    (link) => link.article,
    () => ctx.loaders[countLoader].load(parentId),
  );
}

builder.queryFields((t) => ({
  articles: t.connection(
    {
      type: ArticleRef,
      description: 'Articles matching the filter, newest first unless orderBy says otherwise.',
      args: {
        filter: t.arg({ type: ArticleFilterInput, required: false }),
        orderBy: t.arg({ type: ArticleOrderEnum, required: false, defaultValue: 'PUBLISHED_AT_DESC' }),
      },
      resolve: (_root, args, ctx, info) => resolveArticleList(args, ctx, info),
    },
    ArticleConnection,
  ),
  article: t.field({
    type: ArticleRef,
    nullable: true,
    description:
      'One article by id (global or numeric), slug (current or former), or url (matches webUrl, originalUrl or ampWebUrl, else the story the URL identifies once tracking parameters and default ports are dropped).',
    args: {
      id: t.arg.id({ required: false }),
      slug: t.arg.string({ required: false }),
      url: t.arg.string({ required: false }),
    },
    resolve: async (_root, args, ctx, info) => {
      const given = [args.id, args.slug, args.url].filter((v) => v != null);
      if (given.length !== 1) throw badUserInput('Pass exactly one of id, slug or url');
      if (args.id != null) return ctx.loaders.articleById.load(parseArticleId(String(args.id)));
      const reads = articleReadsAsked(info, []);
      const url = args.url == null ? null : String(args.url).trim();
      const found =
        url === null
          ? await articleBySlug(ctx.db, String(args.slug), reads)
          : await articleByUrl(ctx.db, url, () => urlIdentityKey(url), reads);
      if (!found) return null;
      primeArticles(ctx.loaders, [found], reads.columns);
      return found.article;
    },
  }),
}));

/** Accepts a Relay global id of an Article or a plain numeric id. */
function parseArticleId(id: string): number {
  if (/^\d+$/.test(id)) return parseLocalId(id);
  const { typename, id: local } = decodeNodeId(id);
  if (typename !== 'Article') throw badUserInput(`"${id.slice(0, 100)}" is the id of a ${typename}, not an Article`);
  return parseLocalId(local);
}
