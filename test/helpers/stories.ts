// Article documents written for a test, in the seed format (YAML front matter, then the body), and the
// mutation that ingests them through the API as an ingest client does.
import { API_KEY, type Client } from './server.js';

export interface Story {
  title: string;
  domain: string;
  topics?: string[];
  quality?: number;
  publishedAt?: string;
  body?: string;
  related?: Story[];
}

const slugOf = (title: string) => title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
export const urlOf = (story: Pick<Story, 'title' | 'domain'>) => `https://${story.domain}/news/${slugOf(story.title)}`;

function frontMatter(story: Story, indent = ''): string {
  const lines = [
    `title: ${JSON.stringify(story.title)}`,
    `webUrl: ${JSON.stringify(urlOf(story))}`,
    `publishedDateTime: ${story.publishedAt ?? '2026-11-01T10:00:00Z'}`,
    'type: article',
    `quality: ${story.quality ?? 100}`,
    'provider:',
    `  name: ${JSON.stringify(story.domain)}`,
    `  domain: ${story.domain}`,
  ];
  if (story.topics?.length) lines.push('topics:', ...story.topics.map((t) => `  - ${JSON.stringify(t)}`));
  return lines.map((l) => indent + l).join('\n');
}

export function storyDocument(story: Story): string {
  const related = story.related?.length
    ? `related:\n${story.related.map((r) => frontMatter(r, '    ').replace(/^ {4}/, '  - ')).join('\n')}\n`
    : '';
  return `---\n${frontMatter(story)}\n${related}---\n\n${story.body ?? `${story.title}. The full story.`}\n`;
}

const INGEST = `mutation Ingest($documents: [IngestDocumentInput!]!) {
  ingestArticles(documents: $documents) { name status error }
}`;

/** Ingests the stories (one document each, named after the title) and fails on any document not stored. */
export async function ingestStories(client: Pick<Client, 'post'>, stories: Story[], key = API_KEY) {
  const reply = await client.post(
    { query: INGEST, variables: { documents: stories.map((s) => ({ name: slugOf(s.title), content: storyDocument(s) })) } },
    { authorization: `Bearer ${key}` },
  );
  const results = reply.body?.data?.ingestArticles as { status: string; error: string | null }[] | undefined;
  if (!results || results.some((r) => r.status === 'FAILED')) throw new Error(`ingest failed: ${JSON.stringify(reply.body)}`);
  return results;
}
