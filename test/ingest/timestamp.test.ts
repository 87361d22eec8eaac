import { describe, expect, it } from 'vitest';
import { parseTimestamp } from '../../src/ingest/timestamp.js';

describe('parseTimestamp', () => {
  it.each([
    ['2021-02-13T14:49:00Z', '2021-02-13T14:49:00.000Z'],
    ['2021-03-30T11:23:00-07:00', '2021-03-30T18:23:00.000Z'],
    ['2021-03-30T11:23:00+0530', '2021-03-30T05:53:00.000Z'],
    ['2016-08-19T17:36:42.25Z', '2016-08-19T17:36:42.250Z'],
    ['2021-02-13 14:49Z', '2021-02-13T14:49:00.000Z'],
    ['2021-02-13', '2021-02-13T00:00:00.000Z'],
  ])('%s -> %s', (text, iso) => {
    expect(parseTimestamp(text)?.toISOString()).toBe(iso);
  });

  it('passes a valid Date through as a copy', () => {
    const date = new Date('2021-02-13T14:49:00Z');
    const parsed = parseTimestamp(date);
    expect(parsed).toEqual(date);
    expect(parsed).not.toBe(date);
  });

  it('refuses local times without a zone, impossible dates and junk', () => {
    for (const text of [
      '2021-02-13T14:49:00',
      '2021-02-30T10:00:00Z',
      '2021-02-13T24:10:00Z',
      '2021-02-13T10:00:00+15:00',
      'yesterday',
      '',
    ]) {
      expect(parseTimestamp(text)).toBeNull();
    }
    expect(parseTimestamp(new Date(Number.NaN))).toBeNull();
  });
});
