// Topic: a subject articles are filed under; trending topics by article count.
import { topicBySlugOrName, topicCount, topicPage, trendingTopics } from '../db/topic-store.js';
import type { Topic } from '../generated/sqlite/client.js';
import { ArticleConnection, ArticleRef } from './article.js';
import { ArticleFilterInput, ArticleOrderEnum, resolveArticleList } from './article-list.js';
import { builder } from './builder.js';
import { badUserInput } from './errors.js';
import { parseLocalId, resolveOffsetListConnection } from './paging.js';

export const TopicRef = builder.objectRef<Topic>('Topic');

builder.node(TopicRef, {
  id: { resolve: (topic) => topic.id, parse: parseLocalId },
  loadMany: (ids, ctx) => ids.map((id) => ctx.loaders.topicById.load(parseLocalId(String(id)))),
  fields: (t) => ({
    name: t.exposeString('name'),
    slug: t.exposeString('slug'),
    articleCount: t.int({
      description: 'Articles filed under this topic.',
      resolve: (topic, _a, ctx) => ctx.loaders.topicArticleCount.load(topic.id),
    }),
    articles: t.connection(
      {
        type: ArticleRef,
        args: {
          filter: t.arg({ type: ArticleFilterInput, required: false }),
          orderBy: t.arg({ type: ArticleOrderEnum, required: false, defaultValue: 'PUBLISHED_AT_DESC' }),
        },
        resolve: (topic, args, ctx, info) => resolveArticleList(args, ctx, info, { topicId: topic.id }),
      },
      ArticleConnection,
    ),
  }),
});

interface TrendingTopicShape {
  topic: Topic;
  articleCount: number;
}

const TrendingTopicRef = builder.objectRef<TrendingTopicShape>('TrendingTopic').implement({
  description: 'A topic with the number of articles published in the requested window.',
  fields: (t) => ({
    topic: t.field({ type: TopicRef, resolve: (row) => row.topic }),
    articleCount: t.exposeInt('articleCount'),
  }),
});

export const MAX_TRENDING = 100;

builder.queryFields((t) => ({
  topics: t.connection(
    {
      type: TopicRef,
      description: 'All topics, by name.',
      resolve: (_root, args, ctx) =>
        resolveOffsetListConnection(
          args,
          (slice) => topicPage(ctx.db, slice),
          () => topicCount(ctx.db),
        ),
    },
    { name: 'TopicConnection' },
    { name: 'TopicEdge' },
  ),
  topic: t.field({
    type: TopicRef,
    nullable: true,
    description: 'One topic by slug, or by name in any script (case and width do not matter).',
    args: { slug: t.arg.string({ required: true, description: 'A topic slug, or a topic name.' }) },
    resolve: (_root, { slug }, ctx) => topicBySlugOrName(ctx.db, slug),
  }),
  trendingTopics: t.field({
    type: [TrendingTopicRef],
    description: 'Topics ranked by the number of articles published in [from, to), most first; ties by name.',
    args: {
      from: t.arg({ type: 'DateTime', required: false, description: 'Inclusive; default: no lower bound.' }),
      to: t.arg({ type: 'DateTime', required: false, description: 'Exclusive; default: no upper bound.' }),
      limit: t.arg.int({ required: false, defaultValue: 10, description: `At most ${MAX_TRENDING}.` }),
    },
    resolve: async (_root, { from, to, limit }, ctx) => {
      const size = limit ?? 10;
      if (size < 1 || size > MAX_TRENDING) throw badUserInput(`limit must be between 1 and ${MAX_TRENDING}, got ${size}`);
      const rows = await trendingTopics(ctx.db, { from, to, limit: size });
      const topics = await Promise.all(rows.map((r) => ctx.loaders.topicById.load(r.id)));
      return rows.flatMap((r, i) => (topics[i] ? [{ topic: topics[i]!, articleCount: r.n }] : []));
    },
  }),
}));
