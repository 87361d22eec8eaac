// FieldSelectionMergingRule gives graphql-js's OverlappingFieldsCanBeMergedRule's verdicts: on hand-written
// cases (different fields under one alias, differing arguments, conflicting shapes, fields on types that never
// apply together, conflicts reached through fragments) and on thousands of random documents over a schema
// with interfaces, unions and lists.
import {
  buildSchema,
  type GraphQLSchema,
  NoUnusedFragmentsRule,
  OverlappingFieldsCanBeMergedRule,
  parse,
  validate,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { intBelow, mulberry32, pick, type Random } from '../../bench/prng.js';
import { schema as newsSchema } from '../../src/graphql/schema.js';
import { FieldSelectionMergingRule } from '../../src/server/field-merging.js';

const petSchema = buildSchema(`
  interface Pet { name: String owner: Person friends(first: Int): [Pet] }
  type Dog implements Pet { name: String owner: Person friends(first: Int): [Pet] barks: Boolean size: Int }
  type Cat implements Pet { name: String owner: Person friends(first: Int): [Pet] meows: Boolean size: String }
  type Person { name: String! age: Int pets(first: Int): [Pet!] best: Pet nick: String }
  union Being = Dog | Cat | Person
  type Query { pet(id: Int): Pet being: Being person(name: String): Person pets: [Pet] }
`);

// An unused fragment makes a document invalid whatever it holds (graphql-js also reports conflicts inside it).
const verdict = (schema: GraphQLSchema, source: string, rule: typeof FieldSelectionMergingRule) =>
  validate(schema, parse(source), [NoUnusedFragmentsRule, rule]).map((e) => e.message);
const valid = (schema: GraphQLSchema, source: string) => verdict(schema, source, FieldSelectionMergingRule).length === 0;

describe('FieldSelectionMergingRule', () => {
  it('agrees with graphql-js on the cases of the spec', () => {
    const cases: [string, boolean][] = [
      ['{ articles(first: 1) { edges { node { x: title x: title } } } }', true],
      ['{ articles(first: 1) { edges { node { x: title x: body } } } }', false],
      ['{ a: articles(first: 1) { totalCount } a: articles(first: 2) { totalCount } }', false],
      [
        '{ a: articles(first: 1, orderBy: HEAT_DESC) { totalCount } a: articles(orderBy: HEAT_DESC, first: 1) { totalCount } }',
        true,
      ],
      ['query($n: Int) { a: articles(first: $n) { totalCount } a: articles(first: $n) { totalCount } }', true],
      ['query($n: Int) { a: articles(first: $n) { totalCount } a: articles(first: 1) { totalCount } }', false],
      ['{ node(id: "x") { ... on Article { v: title } ... on Provider { v: name } } }', true],
      ['{ node(id: "x") { ... on Article { v: title } ... on Provider { v: articleCount } } }', false],
      ['{ node(id: "x") { ... on Article { v: images { url } } ... on Provider { v: images { url } } } }', true],
      ['{ node(id: "x") { ... on Article { v: images { url } } ... on Topic { v: name } } }', false],
      ['{ nodes(ids: []) { x: id ... on Article { x: id } } }', true],
      ['{ nodes(ids: []) { x: id ... on Article { x: title } } }', false],
      ['{ x: __typename x: __typename articles(first: 1) { totalCount } }', true],
      ['{ x: __typename x: articles(first: 1) { totalCount } }', false],
      [
        `{ articles(first: 1) { edges { node { ...A ...B } } } }
        fragment A on Article { related(first: 1) { edges { node { x: title } } } }
        fragment B on Article { related(first: 1) { edges { node { x: body } } } }`,
        false,
      ],
      [
        `{ articles(first: 1) { edges { node { ...A ...A related(first: 1) { totalCount } } } } }
        fragment A on Article { related(first: 1) { edges { node { title } } } }`,
        true,
      ],
      [
        `{ articles(first: 1) { edges { node { ...A related(first: 2) { totalCount } } } } }
        fragment A on Article { related(first: 1) { edges { node { title } } } }`,
        false,
      ],
    ];
    for (const [source, expected] of cases) {
      expect(verdict(newsSchema, source, OverlappingFieldsCanBeMergedRule).length === 0, source).toBe(expected);
      expect(valid(newsSchema, source), source).toBe(expected);
    }
  });

  it('reports a conflict as graphql-js does, with both fields located', () => {
    const source = '{ articles(first: 1) { edges { node { x: title x: body } } } }';
    const [error] = validate(newsSchema, parse(source), [FieldSelectionMergingRule]);
    const [expected] = validate(newsSchema, parse(source), [OverlappingFieldsCanBeMergedRule]);
    expect(error?.message).toBe(
      'Fields "x" conflict because "title" and "body" are different fields. Use different aliases on the fields to fetch both if this was intentional.',
    );
    expect(error?.message).toBe(expected?.message);
    expect(error?.locations).toEqual(expected?.locations);
  });

  it('agrees with graphql-js on 3,000 random documents with interfaces, unions, lists and fragments', () => {
    const random = mulberry32(20_250_301);
    let invalid = 0;
    for (let i = 0; i < 3_000; i++) {
      const source = randomDocument(random);
      const expected = verdict(petSchema, source, OverlappingFieldsCanBeMergedRule).length === 0;
      expect(valid(petSchema, source), source).toBe(expected);
      if (!expected) invalid++;
    }
    // Both outcomes are well represented, so agreement means something.
    expect(invalid).toBeGreaterThan(600);
    expect(invalid).toBeLessThan(2_400);
  });
});

// --- Random documents over petSchema: every field exists on its type, aliases collide on purpose. ---

const FIELDS: Record<string, { name: string; type?: string; args?: string[] }[]> = {
  Pet: [
    { name: 'name' },
    { name: 'owner', type: 'Person' },
    { name: 'friends', type: 'Pet', args: ['', '(first: 1)', '(first: 2)'] },
  ],
  Dog: [
    { name: 'name' },
    { name: 'owner', type: 'Person' },
    { name: 'friends', type: 'Pet', args: ['', '(first: 1)'] },
    { name: 'barks' },
    { name: 'size' },
  ],
  Cat: [
    { name: 'name' },
    { name: 'owner', type: 'Person' },
    { name: 'friends', type: 'Pet', args: ['', '(first: 1)'] },
    { name: 'meows' },
    { name: 'size' },
  ],
  Person: [
    { name: 'name' },
    { name: 'age' },
    { name: 'nick' },
    { name: 'pets', type: 'Pet', args: ['', '(first: 1)'] },
    { name: 'best', type: 'Pet' },
  ],
  Being: [],
  Query: [
    { name: 'pet', type: 'Pet', args: ['(id: 1)', '(id: 2)'] },
    { name: 'being', type: 'Being' },
    { name: 'person', type: 'Person', args: ['', '(name: "a")'] },
    { name: 'pets', type: 'Pet' },
  ],
};
const POSSIBLE: Record<string, string[]> = {
  Pet: ['Dog', 'Cat'],
  Being: ['Dog', 'Cat', 'Person'],
  Dog: [],
  Cat: [],
  Person: [],
  Query: [],
};
const ALIASES = ['', '', '', '', '', 'a: ', 'b: '];

function randomDocument(random: Random): string {
  // Fragments may spread only later fragments: no cycles. Each is on one of the composite types.
  const fragments: { name: string; on: string; body: string }[] = [];
  const types = ['Pet', 'Dog', 'Cat', 'Person'];
  const count = intBelow(random, 4);
  const names = Array.from({ length: count }, (_, i) => ({ name: `F${i}`, on: pick(random, types) }));
  for (let i = count - 1; i >= 0; i--) {
    const { name, on } = names[i]!;
    fragments.unshift({ name, on, body: selection(random, on, 2, names.slice(i + 1)) });
  }
  // Every fragment is spread somewhere (an unused one is an error of its own), under a colliding alias or not.
  const uses = names.map((f) => `${pick(random, ALIASES)}${f.on === 'Person' ? 'person' : 'pet(id: 1)'} { ...${f.name} }`);
  const query = `{ ${selection(random, 'Query', 3, names)} ${uses.join(' ')} }`;
  return [query, ...fragments.map((f) => `fragment ${f.name} on ${f.on} { ${f.body} }`)].join('\n');
}

function selection(random: Random, type: string, depth: number, fragments: { name: string; on: string }[]): string {
  const parts: string[] = [];
  const size = 1 + intBelow(random, 3);
  for (let i = 0; i < size; i++) {
    const roll = random();
    const spreadable = fragments.filter((f) => f.on === type || POSSIBLE[type]!.includes(f.on) || POSSIBLE[f.on]!.includes(type));
    if (roll < 0.2 && POSSIBLE[type]!.length) {
      const on = pick(random, POSSIBLE[type]!);
      parts.push(`... on ${on} { ${selection(random, on, depth, fragments)} }`);
    } else if (roll < 0.35 && spreadable.length) {
      parts.push(`...${pick(random, spreadable).name}`);
    } else if (FIELDS[type]!.length) {
      const field = pick(random, FIELDS[type]!);
      const alias = pick(random, ALIASES);
      const args = field.args ? pick(random, field.args) : '';
      if (!field.type) parts.push(`${alias}${field.name}${args}`);
      else if (depth > 0) parts.push(`${alias}${field.name}${args} { ${selection(random, field.type, depth - 1, fragments)} }`);
      else parts.push(`${alias}${field.name}${args} { __typename }`);
    } else {
      parts.push('__typename');
    }
  }
  return parts.join(' ');
}
