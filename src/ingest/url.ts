// URL rules shared by the parse layer (validation) and normalize (identity keys).

const SCHEME_AND_AUTHORITY = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]+)(.*)$/is;

/** True when `value` (trimmed) is an absolute http or https URL with a host. */
export function isHttpUrl(value: string): boolean {
  const text = value.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  // URL() happily accepts "https:example.com"; require the explicit "//" form files actually use.
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' && SCHEME_AND_AUTHORITY.test(text);
}

/**
 * The identity of a story found at `value`: lower-case scheme and host, no fragment, no surrounding
 * whitespace. Path and query stay byte for byte as given (servers may treat them case-sensitively),
 * so this deliberately does not round-trip through URL#href, which would re-encode them.
 * Returns null for anything that is not an http(s) URL.
 */
export function urlIdentityKey(value: string): string | null {
  const text = value.trim();
  if (!isHttpUrl(text)) return null;
  const match = SCHEME_AND_AUTHORITY.exec(text);
  if (!match) return null;
  const [, scheme = '', authority = '', rest = ''] = match;
  // Only the host part of the authority is case-insensitive; user info (rare) keeps its case.
  const at = authority.lastIndexOf('@');
  const host = authority.slice(at + 1).toLowerCase();
  const userInfo = at >= 0 ? authority.slice(0, at + 1) : '';
  const hash = rest.indexOf('#');
  const pathAndQuery = hash >= 0 ? rest.slice(0, hash) : rest;
  return `${scheme.toLowerCase()}://${userInfo}${host}${pathAndQuery}`;
}

/** Provider domains are stored lower-case without a leading "www.". */
export function normalizeDomain(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/^www\./, '');
}

const DOMAIN_NAME = /^(?!-)[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+$/u;

/** A bare host name such as "businessinsider.com" (not a URL, no path, no port). */
export function isDomainName(value: string): boolean {
  return DOMAIN_NAME.test(normalizeDomain(value));
}
