import type { SeedSummary } from './seed.js';

export function formatSummary(s: SeedSummary): string {
  const f = s.files;
  return [
    `files: ${f.loaded} loaded, ${f.updated} updated, ${f.unchanged} unchanged, ${f.skipped} skipped (not articles), ${f.failed} failed`,
    `database: ${s.articles} articles (+${s.stubs} related-only stubs), ${s.providers} providers, ${s.topics} topics, ${s.relatedLinks} related links`,
    `time: ${s.seconds.toFixed(2)} s`,
  ].join('\n');
}
