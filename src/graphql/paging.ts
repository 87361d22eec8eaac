// Relay paging shared by every connection: argument checks, opaque cursors, and the page assembly.

import { resolveOffsetConnection } from '@pothos/plugin-relay';
import { type GraphQLResolveInfo, Kind, type SelectionNode } from 'graphql';
import { MAX_IMAGES, MAX_TOPICS } from '../ingest/parse/caps.js';
import { badUserInput } from './errors.js';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/**
 * Lists that are not connections (an article's topics and images, a provider's logos) take `first`: at most
 * MAX_LIST_SIZE items (what ingest lets one document store, src/ingest/parse/caps.ts), and all of them when
 * absent. The argument's default is in the schema, so the cost estimate (src/server/query-cost.ts) reads it.
 */
export const MAX_LIST_SIZE = Math.max(MAX_IMAGES, MAX_TOPICS);

/** The `first` argument of such a list. */
export const LIST_FIRST_ARG = {
  required: false,
  defaultValue: MAX_LIST_SIZE,
  description: `How many items, from the start of the list: 0 to ${MAX_LIST_SIZE}.`,
} as const;

/** The `first` of a list field, checked like a page size. */
export function listSize(first: number | null | undefined): number {
  const size = first ?? MAX_LIST_SIZE;
  if (size < 0 || size > MAX_LIST_SIZE) throw badUserInput(`first must be between 0 and ${MAX_LIST_SIZE}, got ${size}`);
  return size;
}

export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

/** Cursors are base64url JSON of [kind, ...position]; the kind stops a cursor from one ordering being used in another. */
export function encodeCursor(kind: string, position: readonly unknown[]): string {
  return Buffer.from(JSON.stringify([kind, ...position])).toString('base64url');
}

export function decodeCursor(kind: string, cursor: string, isPosition: (p: unknown[]) => boolean): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badUserInput(`Invalid cursor "${cursor.slice(0, 100)}"`);
  }
  if (!Array.isArray(parsed) || parsed[0] !== kind || !isPosition(parsed.slice(1))) {
    throw badUserInput(`Invalid cursor "${cursor.slice(0, 100)}" for this field and ordering`);
  }
  return parsed.slice(1);
}

export interface PageWindow<C> {
  after: C | null;
  before: C | null;
  /** Rows to fetch: the page size plus one, to learn whether another page exists. */
  limit: number;
  size: number;
  inverted: boolean;
}

/** Validates first/last and decodes the cursors with `decode`. */
export function pageWindow<C>(args: ConnectionArgs, decode: (cursor: string) => C): PageWindow<C> {
  const { first, last } = args;
  if (first != null && last != null) throw badUserInput('Pass either first or last, not both');
  for (const [name, value] of [
    ['first', first],
    ['last', last],
  ] as const) {
    if (value != null && (value < 0 || value > MAX_PAGE_SIZE)) {
      throw badUserInput(`${name} must be between 0 and ${MAX_PAGE_SIZE}, got ${value}`);
    }
  }
  const inverted = last != null;
  const size = first ?? last ?? DEFAULT_PAGE_SIZE;
  return {
    after: args.after ? decode(args.after) : null,
    before: args.before ? decode(args.before) : null,
    limit: size + 1,
    size,
    inverted,
  };
}

/**
 * An edge whose cursor is encoded when a client reads it: most queries select nodes only (the dashboard's 250
 * related edges), and encoding every cursor (JSON, a Buffer, base64url) was ~2 % of the dashboard's CPU.
 */
class Edge<R, N> {
  readonly #row: R;
  readonly #toCursor: (row: R) => string;
  readonly node: N;
  constructor(row: R, toCursor: (row: R) => string, node: N) {
    this.#row = row;
    this.#toCursor = toCursor;
    this.node = node;
  }
  get cursor(): string {
    return this.#toCursor(this.#row);
  }
}

/** pageInfo with its cursors likewise read when asked for. */
class PageInfo {
  readonly #edges: readonly { cursor: string }[];
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: boolean;
  constructor(edges: readonly { cursor: string }[], hasNextPage: boolean, hasPreviousPage: boolean) {
    this.#edges = edges;
    this.hasNextPage = hasNextPage;
    this.hasPreviousPage = hasPreviousPage;
  }
  get startCursor(): string | null {
    return this.#edges[0]?.cursor ?? null;
  }
  get endCursor(): string | null {
    return this.#edges.at(-1)?.cursor ?? null;
  }
}

/** Builds edges and pageInfo from rows fetched with `window.limit` (rows in reading order). */
export function connectionFromRows<R, N>(
  rows: readonly R[],
  window: PageWindow<unknown>,
  toCursor: (row: R) => string,
  toNode: (row: R) => N,
  totalCount: () => number | Promise<number>,
) {
  const hasMore = rows.length > window.size;
  const page = rows.slice(0, window.size);
  if (window.inverted) page.reverse();
  const edges = page.map((row) => new Edge(row, toCursor, toNode(row)));
  return {
    edges,
    pageInfo: new PageInfo(
      edges,
      window.inverted ? window.before !== null : hasMore,
      window.inverted ? hasMore : window.after !== null,
    ),
    totalCount,
  };
}

/** The local id inside a Relay global id (or a plain numeric id). */
export function parseLocalId(id: string): number {
  const local = /^\d{1,10}$/.test(id) ? Number(id) : NaN;
  if (!isInt32(local) || local < 1) throw badUserInput(`Invalid id "${id.slice(0, 100)}"`);
  return local;
}

/** Ids, ranks and scores are 32-bit integer columns: a cursor holding anything else is forged or corrupt. */
export function isInt32(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= -2_147_483_648 && (value as number) <= 2_147_483_647;
}

/**
 * A connection over a small reference table (providers, topics) read in a fixed order with offset cursors:
 * the same first/last limits and errors as every connection, and a lazy total.
 */
export async function resolveOffsetListConnection<T extends object>(
  args: ConnectionArgs,
  page: (slice: { limit: number; offset: number }) => Promise<T[]>,
  count: () => Promise<number>,
) {
  pageWindow(args, () => null); // validates first/last with BAD_USER_INPUT before the plugin sees them
  const connection = await resolveOffsetConnection({ args, defaultSize: DEFAULT_PAGE_SIZE, maxSize: MAX_PAGE_SIZE }, page);
  return { ...connection, totalCount: count };
}

/**
 * Whether a field's selection asks for `name` among its direct fields (through fragments too). @skip and
 * @include are not evaluated: a skipped field counts as asked for, which costs work, never a wrong answer.
 */
export function selectsField(info: GraphQLResolveInfo, name: string): boolean {
  const visited = new Set<string>();
  const search = (selections: readonly SelectionNode[]): boolean =>
    selections.some((selection) => {
      if (selection.kind === Kind.FIELD) return selection.name.value === name;
      if (selection.kind === Kind.INLINE_FRAGMENT) return search(selection.selectionSet.selections);
      const fragmentName = selection.name.value;
      if (visited.has(fragmentName)) return false;
      visited.add(fragmentName);
      const fragment = info.fragments[fragmentName];
      return fragment ? search(fragment.selectionSet.selections) : false;
    });
  return info.fieldNodes.some((node) => (node.selectionSet ? search(node.selectionSet.selections) : false));
}
