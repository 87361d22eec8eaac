// The estimated cost of an operation: how many objects (rows, more or less) it can make the server fetch.
// Every object-typed field costs 1 per item it can return, and its sub-selection is paid once per item;
// a connection's edges are `first` or `last` items (default: the page size), trendingTopics `limit` items,
// lists with `first` (an article's topics and images, a provider's logos) `first` items, or the argument's
// schema default (20): the resolvers return no more, so the estimate stays an upper bound.
// Computed with the request's variables, so `articles(first: $n)` costs what it really asks for; an operation
// none of whose sizes reads a variable costs the same in every request (`variableSized` says which).
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  getArgumentValues,
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { MAX_NODE_IDS } from '../graphql/builder.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../graphql/paging.js';

/** Items assumed for a list field without paging arguments (none that reads stored rows has one). */
export const UNPAGED_LIST_SIZE = 10;

export interface CostInput {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** Coerced variable values. */
  variables: Record<string, unknown>;
}

/**
 * The cost of a selection set inside a page of `n` items is `fixed + perItem * n`: only the lists directly in
 * a connection (its `edges`) take their size from the page. Outside a page `perItem` is 0.
 */
interface SetCost {
  fixed: number;
  perItem: number;
}

export interface OperationCost {
  cost: number;
  /** Some size (first, last, limit, ids) read a variable: other variables may cost differently. */
  variableSized: boolean;
}

export function measureOperation({ schema, document, operation, variables }: CostInput): OperationCost {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const root = schema.getRootType(operation.operation);
  if (!root) return { cost: 0, variableSized: false };
  let variableSized = false;

  // A fragment's cost depends only on whether it sits directly in a page, so it is computed once for each
  // case and reused at every spread: the work stays linear in the document however often fragments spread
  // each other, while the cost still multiplies page sizes through them.
  const fragmentCosts = new Map<string, SetCost>();
  const fragmentCost = (name: string, inPage: boolean): SetCost => {
    const key = `${inPage}:${name}`;
    const known = fragmentCosts.get(key);
    if (known) return known;
    fragmentCosts.set(key, { fixed: 0, perItem: 0 }); // a cycle (refused by validation already) adds nothing
    const fragment = fragments.get(name);
    const on = fragment && schema.getType(fragment.typeCondition.name.value);
    const cost =
      fragment && on && isCompositeType(on) ? selectionCost(on, fragment.selectionSet, inPage) : { fixed: 0, perItem: 0 };
    fragmentCosts.set(key, cost);
    return cost;
  };

  const selectionCost = (type: GraphQLCompositeType, selectionSet: SelectionSetNode, inPage: boolean): SetCost => {
    const cost = { fixed: 0, perItem: 0 };
    const add = (part: SetCost) => {
      cost.fixed += part.fixed;
      cost.perItem += part.perItem;
    };
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const field = fieldOf(type, selection.name.value);
        const fieldType = field && getNamedType(field.type);
        if (!field || !selection.selectionSet || !isCompositeType(fieldType)) continue; // leaves and __typename are free
        if (selection.name.value.startsWith('__')) continue; // introspection is switched off where it matters
        const { items, page, fromVariables } = fieldSize(field, selection, variables, inPage);
        variableSized ||= fromVariables;
        const inner = selectionCost(fieldType, selection.selectionSet, page !== undefined);
        const each = 1 + inner.fixed + times(inner.perItem, page ?? 0);
        if (items === 'page') cost.perItem += each;
        else cost.fixed += times(items, each);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        if (on && isCompositeType(on)) add(selectionCost(on, selection.selectionSet, inPage));
      } else {
        add(fragmentCost(selection.name.value, inPage));
      }
    }
    return cost;
  };
  const cost = selectionCost(root, operation.selectionSet, false).fixed;
  return { cost, variableSized };
}

/** a × b where nothing times anything (even an overflowed Infinity) is nothing: an empty page runs no sub-selection. */
function times(a: number, b: number): number {
  return a === 0 || b === 0 ? 0 : a * b;
}

/** The field of that name on an object or interface type (unions have none but __typename). */
function fieldOf(type: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  return 'getFields' in type ? type.getFields()[name] : undefined;
}

/** The arguments a page size is read from; with nodes(ids:)'s list, every argument a size is read from. */
const PAGE_ARGUMENTS = ['first', 'last', 'limit'] as const;
const SIZE_ARGUMENTS = new Set<string>([...PAGE_ARGUMENTS, 'ids']);

const readsVariable = (value: ValueNode): boolean =>
  value.kind === Kind.VARIABLE ||
  (value.kind === Kind.LIST && value.values.some(readsVariable)) ||
  (value.kind === Kind.OBJECT && value.fields.some((field) => readsVariable(field.value)));

/**
 * How many items a field returns, and the page size its sub-selection sees: a connection (paged, one
 * object) passes its page size to its `edges`, which have as many items as the page (`'page'`); a paged list
 * (trendingTopics(limit)) is that many items. `fromVariables`: the size depends on the request's variables.
 */
function fieldSize(
  field: GraphQLField<unknown, unknown>,
  node: FieldNode,
  variables: Record<string, unknown>,
  inPage: boolean,
): { items: number | 'page'; page?: number; fromVariables: boolean } {
  const names = new Set(field.args.map((a) => a.name));
  const paged = PAGE_ARGUMENTS.some((name) => names.has(name));
  const listed = isListType(getNullableType(field.type));
  if (!paged && !listed) return { items: 1, fromVariables: false };
  let fromVariables = node.arguments?.some((a) => SIZE_ARGUMENTS.has(a.name.value) && readsVariable(a.value)) ?? false;
  let args: Record<string, unknown> | null;
  try {
    args = getArgumentValues(field, node, variables);
  } catch {
    // Valid as written (validation passed) but not with these variables, e.g. a null inside a list of a
    // filter: execution refuses them (on graphql-js: src/server/compiled-execution.ts), but the estimate stays
    // an upper bound whatever runs, so the size is the largest it can be; and it depends on the variables
    // even when the size argument itself reads none.
    args = null;
    fromVariables = true;
  }
  if (paged) {
    const requested = args ? (args.first ?? args.last ?? args.limit) : Number.NaN;
    const size =
      requested == null
        ? names.has('limit')
          ? MAX_PAGE_SIZE
          : DEFAULT_PAGE_SIZE
        : typeof requested === 'number' && Number.isFinite(requested)
          ? Math.max(0, requested)
          : MAX_PAGE_SIZE;
    return listed ? { items: size, fromVariables } : { items: 1, page: size, fromVariables };
  }
  if (inPage) return { items: 'page', fromVariables };
  if (!args && names.has('ids')) return { items: MAX_NODE_IDS, fromVariables };
  if (Array.isArray(args?.ids)) return { items: args.ids.length, fromVariables }; // nodes(ids: [...])
  return { items: UNPAGED_LIST_SIZE, fromVariables };
}
