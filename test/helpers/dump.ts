// A database's content by natural keys (URLs, domains, slugs, paths), without ids or timestamps: two
// databases with equal dumps hold the same data whatever order rows were inserted in.
import type { Db } from '../../src/db/client.js';

export async function dumpContent(prisma: Db) {
  const articles = await prisma.article.findMany({
    include: {
      provider: { select: { domain: true } },
      topics: { include: { topic: { select: { slug: true } } }, orderBy: { position: 'asc' } },
      images: { orderBy: { position: 'asc' }, select: { url: true, width: true, height: true, isCached: true } },
      related: { include: { target: { select: { identityKey: true } } }, orderBy: { rank: 'asc' } },
    },
    orderBy: { identityKey: 'asc' },
  });
  const providers = await prisma.provider.findMany({
    include: { images: { orderBy: { position: 'asc' }, select: { url: true, width: true, height: true, isCached: true } } },
    orderBy: { domain: 'asc' },
  });
  const topics = await prisma.topic.findMany({ orderBy: { slug: 'asc' }, select: { slug: true, name: true } });
  const sources = await prisma.sourceFile.findMany({
    orderBy: { path: 'asc' },
    select: {
      path: true,
      contentHash: true,
      versions: { select: { position: true, contentHash: true }, orderBy: { position: 'asc' } },
    },
  });
  return {
    articles: articles.map(({ id, providerId, createdAt, updatedAt, provider, topics, related, ...rest }) => ({
      ...rest,
      provider: provider?.domain ?? null,
      topics: topics.map((t) => t.topic.slug),
      related: related.map((r) => r.target.identityKey),
    })),
    providers: providers.map(({ id, createdAt, updatedAt, ...rest }) => rest),
    topics,
    sources,
  };
}
