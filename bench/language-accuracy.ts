// `npx tsx bench/language-accuracy.ts`: how often Article.language's detector (src/ingest/language.ts) is right,
// wrong or silent on short English text. The sample is every plain English prose sentence of the READMEs of
// the installed npm packages (no download), each cut to its first words holding at least N letters, as a
// headline or a short excerpt would be. Prints one line per N; the figures in language.ts and the README come
// from this run. English only: the repository has too little text in other languages to measure honestly.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectLanguage } from '../src/ingest/language.js';

function readmes(dir = 'node_modules'): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.')) continue;
    if (name.startsWith('@')) files.push(...readmes(join(dir, name)).filter((f) => f.split('/').length === 4));
    else files.push(join(dir, name, 'README.md'));
  }
  return files;
}

function sentences(): string[] {
  const found: string[] = [];
  for (const file of readmes().slice(0, 400)) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    text = text
      .replace(/```[\s\S]*?```/g, ' ')
      .replace(/`[^`]*`/g, ' ')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/<[^>]+>/g, ' ');
    for (const line of text.split('\n')) {
      if (/^\s*[#|>-]/.test(line) || /[{}=;]|https?:/.test(line)) continue;
      for (const sentence of line.split(/(?<=[.!?])\s+/)) {
        const clean = sentence.replace(/[*_]/g, '').trim();
        if (clean.length >= 20 && /^[A-Z][a-z]+ [a-z]+ [a-z]+/.test(clean)) found.push(clean);
      }
    }
  }
  return found;
}

const letters = (text: string) => (text.match(/\p{L}/gu) ?? []).length;
const all = sentences();
console.log(`${all.length} English sentences`);
for (const min of [16, 30, 45, 60, 80, 100]) {
  const counts = { en: 0, null: 0, other: 0 };
  let n = 0;
  for (const sentence of all) {
    let prefix = '';
    for (const word of sentence.split(' ')) {
      prefix = prefix ? `${prefix} ${word}` : word;
      if (letters(prefix) >= min) break;
    }
    if (letters(prefix) < min) continue;
    n++;
    const language = detectLanguage(prefix);
    counts[language === 'en' ? 'en' : language === null ? 'null' : 'other']++;
  }
  const pct = (k: number) => `${((100 * k) / n).toFixed(1)}%`;
  console.log(`>= ${min} letters: ${n} texts, en ${pct(counts.en)}, null ${pct(counts.null)}, wrong ${pct(counts.other)}`);
}
