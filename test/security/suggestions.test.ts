// Issue 10, low: with introspection off, "Did you mean ...?" still named enum values and input fields: in
// validation errors for enum literals ("Did you mean the enum value ...", which graphql-armor's filter does not
// match) and in variable coercion errors, which happen in execution where armor does not look. Now every
// error of a server that hides its schema comes without suggestions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../helpers/server.js';

let production: TestServer;
let development: TestServer;
beforeAll(async () => {
  production = await createTestServer({ production: true }, { seeded: false });
  development = await createTestServer({ production: false }, { seeded: false });
});
afterAll(async () => {
  await production?.drop();
  await development?.drop();
});

const CASES: { name: string; body: { query: string; variables?: Record<string, unknown> }; hint: RegExp }[] = [
  { name: 'enum literal', body: { query: '{ articles(first: 1, orderBy: HEAT_DSC) { totalCount } }' }, hint: /HEAT_DESC/ },
  {
    name: 'enum variable',
    body: { query: 'query($o: ArticleOrder) { articles(first: 1, orderBy: $o) { totalCount } }', variables: { o: 'HEAT_DSC' } },
    hint: /HEAT_DESC/,
  },
  {
    name: 'input field literal',
    body: { query: '{ articles(first: 1, filter: { topc: "x" }) { totalCount } }' },
    hint: /"topic"/,
  },
  {
    name: 'input field variable',
    body: {
      query: 'query($f: ArticleFilter) { articles(first: 1, filter: $f) { totalCount } }',
      variables: { f: { topc: 'x' } },
    },
    hint: /"topic"/,
  },
  { name: 'argument', body: { query: '{ articles(frist: 1) { totalCount } }' }, hint: /"first"/ },
  { name: 'field', body: { query: '{ artcles(first: 1) { totalCount } }' }, hint: /"articles"/ },
];

describe('field suggestions', () => {
  it.each(CASES)('are given in development ($name)', async ({ body, hint }) => {
    const reply = await development.post(body);
    expect(reply.body.errors[0].message).toMatch(/Did you mean/);
    expect(reply.body.errors[0].message).toMatch(hint);
  });

  it.each(CASES)('are never given when the schema is hidden ($name)', async ({ body, hint }) => {
    const reply = await production.post(body);
    expect(reply.body.errors.length).toBeGreaterThan(0);
    const text = JSON.stringify(reply.body.errors);
    expect(text).not.toMatch(/Did you mean/);
    expect(text).not.toMatch(hint);
  });
});
