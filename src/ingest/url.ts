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
 * Query parameters that only say how a reader arrived (campaign and click trackers), never which story:
 * dropped from the identity key so the same story shared with different trackers is one story. Exact names,
 * compared case-insensitively; every name starting with "utm_" too. The webUrl shown to clients keeps them.
 */
export const TRACKING_PARAMETERS: ReadonlySet<string> = new Set([
  'fbclid', // Facebook
  'gclid', // Google Ads
  'gclsrc',
  'dclid', // Google Display
  'gbraid',
  'wbraid',
  '_ga', // Google Analytics cross-domain
  '_gl',
  'msclkid', // Microsoft Ads
  'yclid', // Yandex
  'ysclid',
  'mc_cid', // Mailchimp
  'mc_eid',
  'igshid', // Instagram
  'twclid', // X / Twitter
  'ttclid', // TikTok
  'li_fat_id', // LinkedIn
  '_hsenc', // HubSpot
  '_hsmi',
  'mkt_tok', // Marketo
  'oly_anon_id', // Omeda
  'oly_enc_id',
  'vero_id', // Vero
  'cmpid', // news sites' campaign ids
  'ocid',
  'smid', // New York Times share ids
]);

export function isTrackingParameter(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith('utm_') || TRACKING_PARAMETERS.has(lower);
}

const DEFAULT_PORTS: Record<string, string> = { http: '80', https: '443' };

/** The query without tracking parameters; the other parameters stay byte for byte, in order. */
function withoutTracking(query: string): string {
  if (query === '') return '';
  const kept = query
    .slice(1)
    .split('&')
    .filter((pair) => {
      const rawName = pair.split('=', 1)[0] ?? '';
      let name = rawName;
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      } catch {
        // A malformed escape is not one of our names; keep the pair as given.
      }
      return !isTrackingParameter(name);
    });
  return kept.length === 0 ? '' : `?${kept.join('&')}`;
}

/**
 * The identity of a story found at `value`: lower-case scheme and host, no default port (:80 for http,
 * :443 for https), no tracking parameters (see TRACKING_PARAMETERS), no fragment, no surrounding
 * whitespace. Path and the other parameters stay byte for byte as given (servers may treat them
 * case-sensitively), so this deliberately does not round-trip through URL#href, which would re-encode them.
 * Returns null for anything that is not an http(s) URL.
 */
export function urlIdentityKey(value: string): string | null {
  const text = value.trim();
  if (!isHttpUrl(text)) return null;
  const match = SCHEME_AND_AUTHORITY.exec(text);
  if (!match) return null;
  const [, rawScheme = '', authority = '', rest = ''] = match;
  const scheme = rawScheme.toLowerCase();
  // Only the host part of the authority is case-insensitive; user info (rare) keeps its case.
  const at = authority.lastIndexOf('@');
  const host = authority
    .slice(at + 1)
    .toLowerCase()
    .replace(new RegExp(`:${DEFAULT_PORTS[scheme]}$`), '');
  const userInfo = at >= 0 ? authority.slice(0, at + 1) : '';
  const hash = rest.indexOf('#');
  const pathAndQuery = hash >= 0 ? rest.slice(0, hash) : rest;
  const questionMark = pathAndQuery.indexOf('?');
  const path = questionMark >= 0 ? pathAndQuery.slice(0, questionMark) : pathAndQuery;
  const query = questionMark >= 0 ? pathAndQuery.slice(questionMark) : '';
  return `${scheme}://${userInfo}${host}${path}${withoutTracking(query)}`;
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
