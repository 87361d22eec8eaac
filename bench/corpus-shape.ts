// The shape of the real corpus, as constants for the synthetic generator (bench/corpus.ts).
// Measured by `npx tsx bench/measure-corpus.ts` on the SmartableAI/election corpus: its 50 news articles
// (front matter with provider and secured; events, people, learning items and the API page left out) and
// the 214 entries of their `related` lists. Histograms are {value: files}; quantile lists are
// [min, p25, p50, p75, p90, max] and are sampled by interpolating between them.

/** Related entries per article (27 of 50 have none; mean 4.28). */
export const RELATED_PER_ARTICLE: Record<number, number> = {
  0: 27,
  1: 5,
  2: 2,
  3: 2,
  4: 3,
  5: 1,
  6: 3,
  8: 1,
  9: 1,
  14: 1,
  20: 1,
  32: 1,
  34: 1,
  47: 1,
};

/** Topics per article; "Election" is on every article and listed first. */
export const TOPICS_PER_ARTICLE: Record<number, number> = { 1: 1, 2: 29, 3: 20 };
export const FIRST_TOPIC = 'Election';
/** How often each other topic appears (files). */
export const OTHER_TOPICS: Record<string, number> = {
  'Donald Trump': 35,
  'Democratic Voice': 20,
  'Republican Voice': 6,
  'Kamala Harris': 3,
  'Mike Pence': 3,
  'Joe Biden': 2,
};

/** Providers of the articles themselves: [name, domain, files]. */
export const ARTICLE_PROVIDERS: [string, string, number][] = [
  ['NBC News', 'nbcnews.com', 7],
  ['CNN', 'cnn.com', 7],
  ['Fox News', 'foxnews.com', 5],
  ['Politico', 'politico.com', 4],
  ['Newsweek', 'newsweek.com', 4],
  ['Business Insider', 'businessinsider.com', 4],
  ['The Guardian', 'theguardian.com', 3],
  ['ABC', 'abcnews.go.com', 2],
  ['Salon', 'salon.com', 1],
  ['Mercury News', 'mercurynews.com', 1],
  ['Charlotte Observer', 'charlotteobserver.com', 1],
  ['Forbes', 'forbes.com', 1],
  ['MSNBC', 'msnbc.com', 1],
  ['New York Times', 'nytimes.com', 1],
  ['New York Daily News', 'nydailynews.com', 1],
  ['CBS News', 'cbsnews.com', 1],
  ['Chicago Tribune', 'chicagotribune.com', 1],
  ['Washington Post', 'washingtonpost.com', 1],
  ['USA Today', 'usatoday.com', 1],
  ['Miami Herald', 'miamiherald.com', 1],
  ['BBC', 'bbc.com', 1],
  ['New York Post', 'nypost.com', 1],
];

/** Providers of related entries (214 entries, 51 domains; the tail of one-entry domains is abridged to 8). */
export const RELATED_PROVIDERS: [string, string, number][] = [
  ['CNN', 'cnn.com', 48],
  ['Reuters', 'reuters.com', 17],
  ['Business Insider', 'businessinsider.com', 13],
  ['New York Times', 'nytimes.com', 12],
  ['The Hill', 'thehill.com', 11],
  ['USA Today', 'usatoday.com', 10],
  ['Politico', 'politico.com', 9],
  ['International Business Times', 'ibtimes.com', 6],
  ['NBC News', 'nbcnews.com', 6],
  ['Washington Post', 'washingtonpost.com', 5],
  ['CBS News', 'cbsnews.com', 5],
  ['U.S. News & World Report', 'usnews.com', 5],
  ['Chicago Tribune', 'chicagotribune.com', 4],
  ['Newsweek', 'newsweek.com', 4],
  ['C-SPAN', 'c-span.org', 4],
  ['ABC', 'abcnews.go.com', 4],
  ['The Guardian', 'theguardian.com', 4],
  ['Mercury News', 'mercurynews.com', 3],
  ['Indianapolis Star', 'indystar.com', 3],
  ['al.com', 'al.com', 3],
  ['Forbes', 'forbes.com', 2],
  ['NPR', 'npr.org', 2],
  ['The Arizona Republic', 'azcentral.com', 2],
  ['Sacramento Bee', 'sacbee.com', 2],
  ['Washington Times', 'washingtontimes.com', 2],
  ['Miami Herald', 'miamiherald.com', 2],
  ['Fox News', 'foxnews.com', 2],
  ['Houston Chronicle', 'houstonchronicle.com', 1],
  ['Philadelphia Inquirer', 'inquirer.com', 1],
  ['Detroit News', 'detroitnews.com', 1],
  ['National Review', 'nationalreview.com', 1],
  ['Variety', 'variety.com', 1],
  ['The Atlantic', 'theatlantic.com', 1],
  ['CNBC', 'cnbc.com', 1],
  ['Wall Street Journal', 'wsj.com', 1],
];

/** Images per article and per related entry. */
export const IMAGES_PER_ARTICLE: Record<number, number> = { 0: 1, 1: 49 };
export const IMAGES_PER_RELATED: Record<number, number> = { 0: 14, 1: 200 };

/** Shares of articles (or related entries) that have the field. */
export const PROVIDER_LOGO_SHARE = 0.88;
export const AMP_SHARE = 0.9;
export const RELATED_AMP_SHARE = 0.84;
export const PUBLISHED_TRUE_SHARE = 0.76;

/** Lengths in characters, [min, p25, p50, p75, p90, max]. */
export const TITLE_CHARS = [39, 66, 77, 99, 108, 139];
export const EXCERPT_CHARS = [84, 145, 192, 219, 257, 314];
export const RELATED_EXCERPT_CHARS = [63, 146, 199, 243, 278, 409];
/** The text after the front matter: empty in all 50 files (the site renders from the fields). */
export const BODY_CHARS = [0, 0, 0, 0, 0, 0];
/** `secured` is "base64;base64": 389 characters in most files, 561 in the rest (p90 and up). */
export const SECURED_CHARS: Record<number, number> = { 389: 45, 561: 5 };
/** Whole files, for checking the generator against: 1,236 … 49,317 bytes, median 1,889. */
export const FILE_BYTES = [1236, 1687, 1889, 5556, 14755, 49317];

/** Scores: the article's own quality values (one per file), heat as quantiles, related entries' quality. */
export const QUALITY_VALUES = [
  28, 70, 74, 75, 75, 86, 91, 97, 104, 106, 106, 106, 109, 115, 115, 117, 118, 118, 118, 121, 123, 124, 125, 125, 125, 125, 125,
  125, 125, 126, 127, 129, 131, 132, 132, 133, 135, 135, 135, 135, 142, 161, 163, 169, 170, 172, 175, 185, 185, 185,
];
export const HEAT = [-1, 70, 121, 144, 245, 773];
export const RELATED_QUALITY = [34, 66, 115, 125, 172, 189];

/** Publication dates span the corpus's months: 2020-08-31 … 2021-06-04 (UTC, whole minutes). */
export const FIRST_DATE = Date.UTC(2020, 7, 31);
export const LAST_DATE = Date.UTC(2021, 5, 4, 23, 59);

/**
 * Chosen, not measured: the share of related entries that point at another generated article (the rest
 * point at stories with no file, which become stubs). The 50-file sample has 2 such entries out of 214
 * only because it is a sample; a whole site links mostly within itself, and both paths need load.
 */
export const RELATED_TO_CORPUS_SHARE = 0.5;
/** Stories with no file: a pool of half the corpus size, so each is listed ~4 times, as in the site. */
export const EXTERNAL_POOL_RATIO = 0.5;
