import { describe, expect, it } from 'vitest';
import {
  isDomainName,
  isHttpUrl,
  isTrackingParameter,
  normalizeDomain,
  TRACKING_PARAMETERS,
  urlIdentityKey,
} from '../../src/ingest/url.js';

describe('urlIdentityKey', () => {
  it('lower-cases scheme and host, drops the fragment and surrounding whitespace', () => {
    expect(urlIdentityKey('  HTTPS://WWW.Example.COM/Path/A?Q=1&b=Two#Section \n')).toBe(
      'https://www.example.com/Path/A?Q=1&b=Two',
    );
  });

  it('keeps path and query byte for byte (no re-encoding, no dot-segment removal)', () => {
    expect(urlIdentityKey('http://rss.cnn.com/~r/rss/cnn_allpolitics/~3/Pzpz_blqcT4/index.html')).toBe(
      'http://rss.cnn.com/~r/rss/cnn_allpolitics/~3/Pzpz_blqcT4/index.html',
    );
    expect(urlIdentityKey('https://a.com/x/../y?q=a%20b&r=c d')).toBe('https://a.com/x/../y?q=a%20b&r=c d');
    expect(urlIdentityKey('https://a.com')).toBe('https://a.com');
  });

  it('keeps user info case but lower-cases the host and port part', () => {
    expect(urlIdentityKey('https://User@Example.COM:8443/p')).toBe('https://User@example.com:8443/p');
  });

  it('returns null for anything but absolute http(s) URLs', () => {
    for (const value of [
      'ftp://example.com/x',
      'mailto:a@b.c',
      'example.com/x',
      '/relative',
      'https:example.com',
      'https://',
      'not a url',
      '',
    ]) {
      expect(urlIdentityKey(value)).toBeNull();
      expect(isHttpUrl(value)).toBe(false);
    }
  });
});

describe('urlIdentityKey without trackers and default ports', () => {
  it('drops tracking parameters, keeping the others byte for byte and in order', () => {
    expect(urlIdentityKey('https://a.com/s?id=7&utm_source=tw&UTM_Medium=x&fbclid=AbC&page=2')).toBe(
      'https://a.com/s?id=7&page=2',
    );
    expect(urlIdentityKey('https://a.com/s?gclid=1&mc_cid=2&mc_eid=3&igshid=4&msclkid=5&yclid=6&_ga=7')).toBe('https://a.com/s');
    expect(urlIdentityKey('https://a.com/s?utm%5Fsource=x&q=a%20b')).toBe('https://a.com/s?q=a%20b');
    expect(urlIdentityKey('https://a.com/s?utmost=1')).toBe('https://a.com/s?utmost=1');
    expect(isTrackingParameter('utm_campaign')).toBe(true);
    expect(isTrackingParameter('id')).toBe(false);
    expect(TRACKING_PARAMETERS.has('fbclid')).toBe(true);
  });

  it('drops :80 for http and :443 for https, but no other port', () => {
    expect(urlIdentityKey('http://A.com:80/x')).toBe('http://a.com/x');
    expect(urlIdentityKey('https://a.com:443/x')).toBe('https://a.com/x');
    expect(urlIdentityKey('https://a.com:80/x')).toBe('https://a.com:80/x');
    expect(urlIdentityKey('http://a.com:8080/x')).toBe('http://a.com:8080/x');
  });
});

describe('domains', () => {
  it('normalizes to lower case without www.', () => {
    expect(normalizeDomain(' WWW.BusinessInsider.com ')).toBe('businessinsider.com');
    expect(normalizeDomain('abcnews.go.com')).toBe('abcnews.go.com');
  });

  it('accepts host names and refuses URLs or words', () => {
    expect(isDomainName('www.usa.gov')).toBe(true);
    expect(isDomainName('abcnews.go.com')).toBe(true);
    expect(isDomainName('https://x.com/')).toBe(false);
    expect(isDomainName('localhost')).toBe(false);
    expect(isDomainName('two words.com')).toBe(false);
  });
});
