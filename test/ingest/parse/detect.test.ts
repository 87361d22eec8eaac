import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../../src/ingest/parse/detect.js';

describe('detectFormat', () => {
  it('recognizes front matter by a first line of exactly "---"', () => {
    expect(detectFormat('---\ntitle: x\n---\n')).toBe('front-matter');
    expect(detectFormat('---  \ntitle: x\n---\n')).toBe('front-matter');
  });

  it('does not take other dashes for front matter', () => {
    expect(detectFormat('----\ntitle: x\n')).toBe('plain-text');
    expect(detectFormat('--- title: x\n')).toBe('plain-text');
    expect(detectFormat('Headline\n---\n')).toBe('plain-text');
  });

  it('recognizes a JSON object as a feed page, whatever whitespace precedes it', () => {
    expect(detectFormat('{\n  "page": 22,\n  "value": []\n}\n')).toBe('json-feed');
    expect(detectFormat('\n  {"value": []}')).toBe('json-feed');
  });

  it('treats anything else as plain text', () => {
    expect(detectFormat('Ivanka Trump tried to set up dinner\n\nTuesday 23 August 2022 09:02 EDT\n')).toBe('plain-text');
    expect(detectFormat('[1, 2]')).toBe('plain-text');
  });
});
