import type { SeedSummary } from './seed.js';

export function formatSummary(s: SeedSummary): string {
  const f = s.files;
  const files = f.loaded + f.updated + f.unchanged + f.skipped + f.failed;
  const p = s.phases;
  return [
    `files: ${f.loaded} loaded, ${f.updated} updated, ${f.unchanged} unchanged, ${f.skipped} skipped (not articles), ${f.failed} failed`,
    `database: ${s.articles} articles (+${s.stubs} related-only stubs), ${s.providers} providers, ${s.topics} topics, ${s.relatedLinks} related links`,
    `time: ${s.seconds.toFixed(2)} s, ${Math.round(files / Math.max(s.seconds, 0.001))} files/s; phases: read ${p.read.toFixed(2)} s, parse ${p.parse.toFixed(2)} s, write ${p.write.toFixed(2)} s (a set is written while the next is parsed)`,
  ].join('\n');
}
