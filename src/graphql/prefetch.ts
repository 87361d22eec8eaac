// What a level of a query will ask of its articles, read from the selection before the level's statement
// runs: a page statement then reads the articles' topics and images with them (src/db/article-lists.ts), and
// only the columns the level asks for (src/db/article-store.ts: ArticleColumnSet).
// Every parent of a level shares one field and one selection, so the answer, like the statement count,
// depends on the query's shape only.
import { type FieldNode, type GraphQLResolveInfo, Kind, type SelectionSetNode, valueFromASTUntyped } from 'graphql';
import type { ArticleLists } from '../db/article-lists.js';
import { type ArticleColumnSet, CARD_OMITS } from '../db/article-store.js';
import { MAX_LIST_SIZE } from './paging.js';

/** The field nodes named `name` (any name when null) directly in these selection sets, through fragments. */
function fieldsNamed(info: GraphQLResolveInfo, sets: readonly SelectionSetNode[], name: string | null): FieldNode[] {
  const found: FieldNode[] = [];
  const visited = new Set<string>();
  const visit = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (name === null || selection.name.value === name) found.push(selection);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet);
      } else if (!visited.has(selection.name.value)) {
        visited.add(selection.name.value);
        const fragment = info.fragments[selection.name.value];
        if (fragment) visit(fragment.selectionSet);
      }
    }
  };
  for (const set of sets) visit(set);
  return found;
}

/**
 * The one `first` all these list fields ask for (as Article.topics and Article.images resolve it), or null when
 * they differ or one is not a valid size: then the fields load through their own statement as usual.
 */
function sharedListSize(info: GraphQLResolveInfo, fields: readonly FieldNode[]): number | null {
  let size: number | null = null;
  for (const field of fields) {
    const argument = field.arguments?.find((arg) => arg.name.value === 'first');
    const value = argument ? valueFromASTUntyped(argument.value, info.variableValues) : undefined;
    const first = value ?? MAX_LIST_SIZE;
    if (!Number.isInteger(first) || (first as number) < 1 || (first as number) > MAX_LIST_SIZE) return null;
    if (size !== null && size !== first) return null;
    size = first as number;
  }
  return size;
}

/** The selection sets of the articles at `path` below the current field (e.g. edges → node of a connection). */
function selectionAt(info: GraphQLResolveInfo, path: readonly string[]): SelectionSetNode[] {
  let sets: SelectionSetNode[] = info.fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
  for (const name of path) {
    sets = fieldsNamed(info, sets, name).flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
  }
  return sets;
}

/** The lists these selection sets ask for. */
function listsIn(info: GraphQLResolveInfo, sets: readonly SelectionSetNode[]): ArticleLists {
  const listSizeOf = (name: string) => {
    const fields = fieldsNamed(info, sets, name);
    return fields.length ? sharedListSize(info, fields) : null;
  };
  return { topics: listSizeOf('topics'), images: listSizeOf('images') };
}

const CARD_OMITTED: ReadonlySet<string> = new Set(CARD_OMITS);

/**
 * The columns these selection sets need: `card` unless they name a field `card` leaves out. Every field of
 * every fragment counts, whatever its type condition or directives: asking for too much is only slower, too
 * little would be wrong.
 */
function columnsIn(info: GraphQLResolveInfo, sets: readonly SelectionSetNode[]): ArticleColumnSet {
  return fieldsNamed(info, sets, null).some((field) => CARD_OMITTED.has(field.name.value)) ? 'all' : 'card';
}

export interface ArticleReads {
  readonly lists: Readonly<ArticleLists>;
  readonly columns: ArticleColumnSet;
}

/**
 * Answers already read, by field (its nodes: one array for every parent of a level, for the life of the
 * document), by the request's variables (a sharedListSize may read them) and by path: the 50 parents of the
 * dashboard's related level walked the same selection 50 times per request.
 */
const readsByField = new WeakMap<readonly FieldNode[], WeakMap<object, Map<string, ArticleReads>>>();
const NO_VARIABLES = {};

/** The lists and the columns the articles at `path` below the current field ask for, from one walk to them. */
export function articleReadsAsked(info: GraphQLResolveInfo, path: readonly string[]): ArticleReads {
  let byVariables = readsByField.get(info.fieldNodes);
  if (!byVariables) {
    byVariables = new WeakMap();
    readsByField.set(info.fieldNodes, byVariables);
  }
  const variables: object = info.variableValues ?? NO_VARIABLES;
  let byPath = byVariables.get(variables);
  if (!byPath) {
    byPath = new Map();
    byVariables.set(variables, byPath);
  }
  const key = path.join('.');
  let reads = byPath.get(key);
  if (!reads) {
    const sets = selectionAt(info, path);
    reads = { lists: listsIn(info, sets), columns: columnsIn(info, sets) };
    byPath.set(key, reads);
  }
  return reads;
}
