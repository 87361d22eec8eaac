import { describe, expect, it } from 'vitest';
import { isDateLine, parseDateLine } from '../../../src/ingest/parse/date-line.js';
import { expectIngestError } from '../helpers.js';

describe('parseDateLine', () => {
  it.each([
    ['Tuesday 23 August 2022 09:02 EDT', '2022-08-23T13:02:00.000Z'],
    ['Wednesday 4 January 2023 17:45 GMT', '2023-01-04T17:45:00.000Z'],
    ['Monday 3 July 2023 08:15 BST', '2023-07-03T07:15:00.000Z'],
    ['Friday 1 December 2023 23:30 PST', '2023-12-02T07:30:00.000Z'],
    ['Saturday 15 July 2023 10:00 PDT', '2023-07-15T17:00:00.000Z'],
    ['Thursday 9 February 2023 06:00 EST', '2023-02-09T11:00:00.000Z'],
    ['Sunday 11 June 2023 12:00 CDT', '2023-06-11T17:00:00.000Z'],
    ['Sunday 10 December 2023 12:00 CST', '2023-12-10T18:00:00.000Z'],
    ['Sunday 10 December 2023 12:00 MST', '2023-12-10T19:00:00.000Z'],
    ['Sunday 11 June 2023 12:00 MDT', '2023-06-11T18:00:00.000Z'],
    ['Sunday 11 June 2023 12:00 CEST', '2023-06-11T10:00:00.000Z'],
    ['Sunday 10 December 2023 12:00 CET', '2023-12-10T11:00:00.000Z'],
    ['Sunday 10 December 2023 12:00 UTC', '2023-12-10T12:00:00.000Z'],
    ['23 August 2022 09:02 +05:30', '2022-08-23T03:32:00.000Z'],
    ['23 August 2022 09:02 -0400', '2022-08-23T13:02:00.000Z'],
    ['23 August 2022 09:02 GMT+1', '2022-08-23T08:02:00.000Z'],
    ['Aug. 23, 2022, 9:02 p.m. EDT', '2022-08-24T01:02:00.000Z'],
    ['Tue, August 23, 2022 at 12:05 am EDT', '2022-08-23T04:05:00.000Z'],
    ['Tuesday 23rd August 2022 12:00 pm BST', '2022-08-23T11:00:00.000Z'],
  ])('%s -> %s', (line, iso) => {
    expect(isDateLine(line)).toBe(true);
    expect(parseDateLine(line)?.toISOString()).toBe(iso);
  });

  it('returns null for lines that are not datelines', () => {
    for (const line of [
      'Johanna Chisholm',
      'Comments',
      'Tuesday 23 August 2022',
      'On 23 August 2022 09:02 EDT he said so.',
      '',
    ]) {
      expect(isDateLine(line)).toBe(false);
      expect(parseDateLine(line)).toBeNull();
    }
  });

  it('rejects datelines it cannot turn into an instant, naming the reason', () => {
    expectIngestError(() => parseDateLine('Tuesday 23 August 2022 09:02'), { field: 'publishedAt', message: 'no time zone' });
    expectIngestError(() => parseDateLine('Tuesday 23 August 2022 09:02 AEST'), {
      field: 'publishedAt',
      message: 'unknown time zone "AEST"',
    });
    expectIngestError(() => parseDateLine('31 February 2022 09:02 GMT'), {
      field: 'publishedAt',
      message: 'impossible date or time',
    });
    expectIngestError(() => parseDateLine('23 August 2022 25:02 GMT'), {
      field: 'publishedAt',
      message: 'impossible date or time',
    });
    expectIngestError(() => parseDateLine('23 August 2022 13:02 pm GMT'), {
      field: 'publishedAt',
      message: 'impossible 12-hour time',
    });
    expectIngestError(() => parseDateLine('23 August 2022 09:02 +15:00'), { field: 'publishedAt', message: 'unknown time zone' });
    expectIngestError(() => parseDateLine('Monday 23 August 2022 09:02 EDT'), {
      field: 'publishedAt',
      message: 'weekday that contradicts the date (2022-08-23 is a Tuesday)',
    });
  });
});
