// Data step of migration 20261130002851_world_identity: topics keyed by NFKC + case fold instead of an ASCII
// slug, readable (transliterated) slugs, and URL identities without tracking parameters or default ports.
// Never merges rows: when two existing rows would share a new key, the later one (by id) keeps a key of its
// own, so the migration only ever keeps apart what was apart. Article slugs that change stay as aliases.
import { articleSlug, disambiguatedTopicSlug, topicKey, topicSlug } from '../../ingest/slug.js';
import { urlIdentityKey } from '../../ingest/url.js';
import type { MigrationSql } from './index.js';

export async function rekeyTopicsAndSlugs(sql: MigrationSql): Promise<void> {
  await rekeyTopics(sql);
  await rekeyArticles(sql);
  // Every article was merged under the old topic identity: an empty merge hash makes the next load of any of
  // its files re-merge it (PIPELINE_VERSION 2 makes re-seeding re-read every file), so that topics the old
  // rule collapsed come back as their own rows when the original files are seeded again.
  await sql.run(`UPDATE article SET content_hash = ''`);
}

async function rekeyTopics(sql: MigrationSql): Promise<void> {
  const topics = await sql.all<{ id: number; name: string }>('SELECT id, name FROM topic ORDER BY id');
  // Slugs are all rewritten: free them first so the unique index never sees a transient clash.
  await sql.run(`UPDATE topic SET slug = 'migrating:' || id`);
  const keys = new Set<string>();
  const slugs = new Set<string>();
  for (const { id, name } of topics) {
    let key = topicKey(name);
    if (keys.has(key)) key = `${key}#${id}`; // kept apart, as before
    keys.add(key);
    let slug = topicSlug(name);
    if (slugs.has(slug)) slug = disambiguatedTopicSlug(name);
    if (slugs.has(slug)) slug = `${slug}-${id}`;
    slugs.add(slug);
    await sql.run('UPDATE topic SET "key" = ?, slug = ? WHERE id = ?', [key, slug, id]);
  }
}

async function rekeyArticles(sql: MigrationSql): Promise<void> {
  const articles = await sql.all<{ id: number; identity_key: string; slug: string; title: string }>(
    'SELECT id, identity_key, slug, title FROM article ORDER BY id',
  );
  const taken = new Set(articles.map((a) => a.identity_key));
  for (const article of articles) {
    let identityKey = article.identity_key;
    const rekeyed = identityKey.startsWith('text:') ? null : urlIdentityKey(identityKey);
    // A story stored twice under URLs that differ only by trackers stays two rows: no merge here.
    if (rekeyed !== null && rekeyed !== identityKey && !taken.has(rekeyed)) {
      taken.add(rekeyed);
      identityKey = rekeyed;
    }
    const slug = articleSlug({ title: article.title, identityKey });
    if (identityKey === article.identity_key && slug === article.slug) continue;
    if (slug !== article.slug) {
      await sql.run('INSERT INTO article_slug_alias (slug, article_id) VALUES (?, ?)', [article.slug, article.id]);
    }
    await sql.run('UPDATE article SET identity_key = ?, slug = ? WHERE id = ?', [identityKey, slug, article.id]);
  }
}
