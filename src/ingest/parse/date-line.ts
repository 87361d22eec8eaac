// The dateline of a scraped article, e.g. "Tuesday 23 August 2022 09:02 EDT" or
// "Aug. 23, 2022, 9:02 a.m. -04:00". Turned into an instant using the stated zone.

import { isSupportedInstant, offsetMinutes, SUPPORTED_YEARS, utcMillis } from '../timestamp.js';
import { IngestError } from '../types.js';

/** Zone abbreviations and their offsets from UTC, in minutes. Only unambiguous ones belong here. */
export const ZONE_OFFSETS: Readonly<Record<string, number>> = {
  UTC: 0,
  GMT: 0,
  Z: 0,
  BST: 60,
  CET: 60,
  CEST: 120,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
};

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const WEEKDAYS = WEEKDAY_NAMES.map((name) => name.slice(0, 3).toLowerCase());

const WEEKDAY = String.raw`(?<weekday>(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*)\.?,?\s+`;
const MONTH = String.raw`(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?`;
const DAY_FIRST = String.raw`(?<day1>\d{1,2})(?:st|nd|rd|th)?\s+(?<month1>${MONTH})`;
const MONTH_FIRST = String.raw`(?<month2>${MONTH})\s+(?<day2>\d{1,2})(?:st|nd|rd|th)?,?`;
const TIME = String.raw`(?<hour>\d{1,2})[:.](?<minute>\d{2})(?:\s*(?<meridiem>[ap])\.?m\.?)?`;
const ZONE = String.raw`(?<zone>[a-z]{1,5}(?:[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{1,2}(?::?\d{2})?)`;
/** A whole date line (see the examples above); exported so the tests can check it cannot backtrack super-linearly. */
export const DATE_LINE = new RegExp(
  String.raw`^(?:${WEEKDAY})?(?:${DAY_FIRST}|${MONTH_FIRST})\s+(?<year>\d{4}),?\s+(?:at\s+)?${TIME}(?:\s+${ZONE})?$`,
  'i',
);

const indexByPrefix = (names: readonly string[], word: string) => names.indexOf(word.slice(0, 3).toLowerCase());

// "EDT" -> -240; "+01:00", "GMT+1", "UTC-05:00" -> their offsets; undefined when unknown.
function zoneOffset(zone: string): number | undefined {
  const upper = zone.toUpperCase();
  if (upper in ZONE_OFFSETS) return ZONE_OFFSETS[upper];
  const numeric = /^(?:GMT|UTC)?([+-].+)$/.exec(upper);
  return numeric?.[1] ? (offsetMinutes(numeric[1]) ?? undefined) : undefined;
}

/** True when the line has the shape of a dateline (it may still be invalid: see parseDateLine). */
export function isDateLine(line: string): boolean {
  return DATE_LINE.test(line.trim());
}

/**
 * The instant a dateline denotes, or null when the line is not a dateline at all.
 * Throws IngestError for a dateline that cannot be trusted: no zone, unknown zone, impossible date,
 * or a weekday that contradicts the date.
 */
export function parseDateLine(line: string): Date | null {
  const groups = DATE_LINE.exec(line.trim())?.groups;
  if (!groups) return null;
  const problem = (reason: string) => new IngestError(`${reason} in the date line ${JSON.stringify(line.trim())}`, 'publishedAt');
  const month = indexByPrefix(MONTHS, groups.month1 ?? groups.month2 ?? '') + 1;
  const day = Number(groups.day1 ?? groups.day2);
  const year = Number(groups.year);
  const minute = Number(groups.minute);
  let hour = Number(groups.hour);
  if (groups.meridiem) {
    if (hour < 1 || hour > 12) throw problem('an impossible 12-hour time');
    hour = (hour % 12) + (groups.meridiem.toLowerCase() === 'p' ? 12 : 0);
  }
  if (!groups.zone) throw problem('no time zone');
  const offset = zoneOffset(groups.zone);
  if (offset === undefined) throw problem(`an unknown time zone "${groups.zone}"`);
  const local = utcMillis(year, month, day, hour, minute);
  if (local === null) throw problem('an impossible date or time');
  // The weekday is written from the local date, so it must agree whatever the zone.
  const weekday = new Date(local).getUTCDay();
  if (groups.weekday && indexByPrefix(WEEKDAYS, groups.weekday) !== weekday) {
    throw problem(
      `a weekday that contradicts the date (${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')} is a ${WEEKDAY_NAMES[weekday]})`,
    );
  }
  const instant = new Date(local - offset * 60_000);
  if (!isSupportedInstant(instant)) throw problem(`a year outside ${SUPPORTED_YEARS.min} to ${SUPPORTED_YEARS.max}`);
  return instant;
}
