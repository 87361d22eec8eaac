// Format detection looks at the content only: file names and extensions are not trusted.
import type { DocumentFormat } from '../types.js';

/** The opening line of YAML front matter. */
export const FRONT_MATTER_DELIMITER = '---';

/**
 * "front-matter" when the first line is exactly "---"; "json-feed" when the text opens a JSON object
 * (the feed parser then insists on valid JSON with a `value` list, so a stray or truncated JSON file
 * fails with a clear reason instead of being read as prose); otherwise "plain-text".
 */
export function detectFormat(text: string): DocumentFormat {
  const lineEnd = text.indexOf('\n');
  const firstLine = (lineEnd < 0 ? text : text.slice(0, lineEnd)).trimEnd();
  if (firstLine === FRONT_MATTER_DELIMITER) return 'front-matter';
  if (text.trimStart().startsWith('{')) return 'json-feed';
  return 'plain-text';
}
