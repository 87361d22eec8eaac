// Timestamps as files carry them: ISO 8601 strings with a zone (YAML front matter is read without a timestamp
// type, so unquoted ones arrive as text too).

// A zone is required: a bare local time would silently take the server's zone.
const ISO_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)$/i;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Years the system stores, pages on and prints as four digits; news outside them is a typo. */
export const SUPPORTED_YEARS = { min: 1000, max: 9999 } as const;

export function isSupportedInstant(instant: Date): boolean {
  const year = instant.getUTCFullYear();
  return year >= SUPPORTED_YEARS.min && year <= SUPPORTED_YEARS.max;
}

/** Milliseconds since the epoch for a wall-clock time, or null when a component is out of range. */
export function utcMillis(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number | null {
  // setUTCFullYear, because Date.UTC reads years 0-99 as 1900-1999 (0050 would become 1950).
  const check = new Date(0);
  check.setUTCFullYear(year, month - 1, day);
  check.setUTCHours(hour, minute, second, 0);
  const millis = check.getTime();
  const consistent =
    check.getUTCFullYear() === year &&
    check.getUTCMonth() === month - 1 &&
    check.getUTCDate() === day &&
    check.getUTCHours() === hour &&
    check.getUTCMinutes() === minute &&
    check.getUTCSeconds() === second;
  return consistent ? millis : null;
}

/** Minutes east of UTC for "Z", "+01", "-0700" or "-07:00"; null when out of range. */
export function offsetMinutes(zone: string): number | null {
  if (zone.toUpperCase() === 'Z') return 0;
  const match = /^([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(zone);
  if (!match) return null;
  const hours = Number(match[2]);
  const minutes = Number(match[3] ?? '0');
  if (hours > 14 || minutes > 59) return null;
  return (match[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

/** True when `value` has the shape of an ISO 8601 date or timestamp, whether or not it names a real instant. */
export function looksLikeTimestamp(value: string): boolean {
  const text = value.trim();
  return ISO_DATE.test(text) || ISO_TIMESTAMP.test(text);
}

/**
 * The instant a timestamp denotes, or null when it is not one.
 * Accepts a valid Date, "YYYY-MM-DDTHH:MM[:SS[.fff]](Z|±HH:MM)", or a date alone (taken as UTC midnight).
 */
export function parseTimestamp(value: Date | string): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : new Date(value.getTime());
  const text = value.trim();
  const dateOnly = ISO_DATE.exec(text);
  if (dateOnly) {
    const millis = utcMillis(Number(dateOnly[1]), Number(dateOnly[2]), Number(dateOnly[3]));
    return millis === null ? null : new Date(millis);
  }
  const match = ISO_TIMESTAMP.exec(text);
  if (!match) return null;
  const [, year, month, day, hour, minute, second = '0', fraction = '', zone = ''] = match;
  const millis = utcMillis(Number(year), Number(month), Number(day), Number(hour), Number(minute), Number(second));
  const offset = offsetMinutes(zone);
  if (millis === null || offset === null) return null;
  const fractionMillis = Math.floor(Number(`0.${fraction || '0'}`) * 1000);
  return new Date(millis + fractionMillis - offset * 60_000);
}
