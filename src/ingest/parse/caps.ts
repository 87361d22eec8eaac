// What one document may carry. Every cap is checked in the parse layer, before anything copies or stores the
// document, and a document over one is refused with an IngestError naming the field and the cap. The caps sit
// far above anything the Smartable corpus holds (its largest file: 43 KB, 46 related stories, 4 topics,
// 1 image) and keep one document's rows, bytes and parsing time bounded whatever it repeats or aliases.

/**
 * Values (mappings, lists, scalars) of a front matter or a JSON feed page, each YAML alias counted as the
 * whole value it stands for at every use: a few hundred bytes of nested aliases can stand for billions.
 */
export const MAX_DOCUMENT_VALUES = 20_000;
/** Nesting of mappings and lists (a Smartable article nests 5 deep: related → story → provider → images → image). */
export const MAX_NESTING = 20;
/** Articles of one JSON feed page. */
export const MAX_FEED_ENTRIES = 100;

/** Images of an article, of a related story, or a provider's logos. */
export const MAX_IMAGES = 50;
/** Topics of an article. */
export const MAX_TOPICS = 50;
/** Related stories of an article. */
export const MAX_RELATED = 200;

export const MAX_TITLE_CHARS = 1_000;
export const MAX_EXCERPT_CHARS = 10_000;
export const MAX_BODY_CHARS = 1_000_000;
/** author, secured, a provider's name. */
export const MAX_TEXT_CHARS = 2_000;
/** type, category and topic names: indexed columns, and PostgreSQL's b-tree rows hold at most 2,704 bytes. */
export const MAX_LABEL_CHARS = 200;
/** URLs are indexed too; counted in UTF-8 bytes, as the index stores them. */
export const MAX_URL_BYTES = 2_048;
/** The longest domain name DNS allows. */
export const MAX_DOMAIN_CHARS = 253;

/** quality, heat, width, height: `integer` columns on PostgreSQL and GraphQL's Int, both 32-bit. */
export const INT32_MIN = -2_147_483_648;
export const INT32_MAX = 2_147_483_647;
