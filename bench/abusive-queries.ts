// The abusive requests of `npm run load` (issue 10): what one anonymous client could send to slow the
// server down for everyone before the hardening. Each is answered quickly now — most refused before
// execution — and none may delay the dashboard or /health.
import { encodeGlobalID } from '@pothos/plugin-relay';

export interface AbusiveRequest {
  name: string;
  /** The body of each request; a function when every request must differ (new operation names). */
  body: string | (() => string);
}

const json = (query: string, variables?: Record<string, unknown>) => JSON.stringify(variables ? { query, variables } : { query });

/** Fragments that each spread the next one twice (the issue's document): 2^levels fields. */
function fragmentFanOut(levels: number, body = (next: string) => `...${next} ...${next}`): string {
  const fragments = Array.from({ length: levels }, (_, i) => `fragment F${i} on Query { ${body(`F${i + 1}`)} }`);
  return `query { ...F0 }\n${fragments.join('\n')}\nfragment F${levels} on Query { articles(first: 1) { totalCount } }`;
}

export function abusiveRequests(): AbusiveRequest[] {
  let operation = 0;
  const ids = Array.from({ length: 100_000 }, (_, i) => encodeGlobalID('Article', String(i + 1)));
  return [
    { name: 'fragment fan-out, 40 levels', body: json(fragmentFanOut(40)) },
    {
      name: 'fan-out adding a field per level',
      body: json(fragmentFanOut(36, (next) => `articles(first: 1) { totalCount } ...${next} ...${next}`)),
    },
    { name: 'one field repeated 950 times', body: json(`{ articles(first: 1) { edges { node { ${'title '.repeat(950)} } } } }`) },
    { name: 'a new operation name each time', body: () => json(`query Op${operation++} { a: __typename }`) },
    { name: 'nodes(ids:) with 100,000 ids', body: json('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids }) },
    {
      name: 'pages of 100 in pages of 100 in pages of 100',
      body: json(
        '{ articles(first: 100) { edges { node { related(first: 100) { edges { node { relatedTo(first: 100) { edges { node { title } } } } } } } } } }',
      ),
    },
    { name: 'introspection', body: json('{ __schema { types { name fields { name type { name } } } } }') },
    {
      name: 'misspelled enum in variables',
      body: json('query($o: ArticleOrder) { articles(first: 1, orderBy: $o) { totalCount } }', { o: 'HEAT_DSC' }),
    },
    {
      name: 'forged cursor with year 0000',
      body: json(
        `{ articles(first: 5, after: "${Buffer.from('["PUBLISHED_AT_DESC","0000-01-01T00:00:00.000Z",1]').toString('base64url')}") { totalCount } }`,
      ),
    },
  ];
}
