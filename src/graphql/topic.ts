// Topic: a subject articles are filed under; trending topics by article count.
import { Prisma } from '../generated/sqlite/client.js';
import type { Topic } from '../generated/sqlite/client.js';
import { sqlBoolean } from '../db/dialect.js';
import { ArticleFilterInput, ArticleOrderEnum, resolveArticleList } from './article-list.js';
import { ArticleConnection, ArticleRef } from './article.js';
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
    articles: t.connection({
      type: ArticleRef,
      args: {
        filter: t.arg({ type: ArticleFilterInput, required: false }),
        orderBy: t.arg({ type: ArticleOrderEnum, required: false, defaultValue: 'PUBLISHED_AT_DESC' }),
      },
      resolve: (topic, args, ctx) => resolveArticleList(args, ctx, { topicId: topic.id }),
    }, ArticleConnection),
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
  topics: t.connection({
    type: TopicRef,
    description: 'All topics, by name.',
    resolve: (_root, args, ctx) =>
      resolveOffsetListConnection(
        args,
        ({ limit, offset }) => ctx.db.read.topic.findMany({ orderBy: [{ name: 'asc' }, { id: 'asc' }], take: limit, skip: offset }),
        () => ctx.db.read.topic.count(),
      ),
  }, { name: 'TopicConnection' }, { name: 'TopicEdge' }),
  topic: t.field({
    type: TopicRef,
    nullable: true,
    args: { slug: t.arg.string({ required: true }) },
    resolve: (_root, { slug }, ctx) => ctx.db.read.topic.findUnique({ where: { slug } }),
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
      const notStub = sqlBoolean(ctx.db.dialect, false);
      const rows = await ctx.db.read.$queryRaw<{ id: number | bigint; n: number | bigint }[]>`
        SELECT t.id AS id, COUNT(*) AS n
        FROM article_topic at JOIN article a ON a.id = at.article_id JOIN topic t ON t.id = at.topic_id
        WHERE a.is_stub = ${notStub}
          ${from ? Prisma.sql`AND a.published_at >= ${from}` : Prisma.empty}
          ${to ? Prisma.sql`AND a.published_at < ${to}` : Prisma.empty}
        GROUP BY t.id, t.name
        ORDER BY COUNT(*) DESC, t.name ASC
        LIMIT ${size}`;
      const topics = await Promise.all(rows.map((r) => ctx.loaders.topicById.load(Number(r.id))));
      return rows.flatMap((r, i) => (topics[i] ? [{ topic: topics[i]!, articleCount: Number(r.n) }] : []));
    },
  }),
}));
