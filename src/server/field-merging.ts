// "Field selection merging" (the spec's FieldsInSetCanMerge) in linear time. graphql-js's
// OverlappingFieldsCanBeMergedRule compares fields pairwise, so a document of n fields sharing a response
// name, or a chain of fragments that each add a field, costs it about n²/2 comparisons (measured with
// test/security/work-counter.ts; its own budget only stops it at 500,000 units). This rule gives the same
// verdicts with work proportional to the document:
// - "identical name and arguments" and "same response shape" are equivalences, so each field is compared
//   with one representative of its group instead of with every other field;
// - a level is collected like execution collects it: each fragment once, however often it is spread;
// - a set of selection sets is checked once: reached again through another fragment spread, it is skipped.
import {
  type ASTVisitor,
  type FieldNode,
  type GraphQLCompositeType,
  GraphQLError,
  type GraphQLField,
  type GraphQLOutputType,
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  print,
  type SelectionSetNode,
  typeFromAST,
  type ValidationContext,
} from 'graphql';

/** A selection set and the type its fields are selected on (undefined when unknown: other rules report that). */
interface Source {
  set: SelectionSetNode;
  type: GraphQLCompositeType | undefined;
}

/** One field as it appears at a level of the response. */
interface Occurrence {
  node: FieldNode;
  parent: GraphQLCompositeType | undefined;
  definition: GraphQLField<unknown, unknown> | undefined;
}

type Mode = 'merge' | 'shape';

export function FieldSelectionMergingRule(context: ValidationContext): ASTVisitor {
  const schema = context.getSchema();
  const setIds = new WeakMap<SelectionSetNode, number>();
  const argumentKeys = new WeakMap<FieldNode, string>();
  const checked = new Set<string>();

  let lastId = 0;
  const idOf = (set: SelectionSetNode) => {
    let id = setIds.get(set);
    if (id === undefined) {
      id = ++lastId;
      setIds.set(set, id);
    }
    return id;
  };
  const compositeType = (name: Parameters<typeof typeFromAST>[1]) => {
    const type = typeFromAST(schema, name);
    return isCompositeType(type) ? type : undefined;
  };

  /** The fields of one response level, grouped by response name, and a key naming the selection sets they came from. */
  function collect(sources: readonly Source[]) {
    const groups = new Map<string, Occurrence[]>();
    const fragments = new Set<string>();
    const contributing = new Set<number>();
    const walk = (set: SelectionSetNode, type: GraphQLCompositeType | undefined) => {
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) {
          contributing.add(idOf(set));
          const responseName = selection.alias?.value ?? selection.name.value;
          const definition = isObjectType(type) || isInterfaceType(type) ? type.getFields()[selection.name.value] : undefined;
          const group = groups.get(responseName);
          const occurrence = { node: selection, parent: type, definition };
          if (group) group.push(occurrence);
          else groups.set(responseName, [occurrence]);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          walk(selection.selectionSet, selection.typeCondition ? compositeType(selection.typeCondition) : type);
        } else if (!fragments.has(selection.name.value)) {
          fragments.add(selection.name.value);
          const fragment = context.getFragment(selection.name.value);
          if (fragment) walk(fragment.selectionSet, compositeType(fragment.typeCondition));
        }
      }
    };
    for (const source of sources) walk(source.set, source.type);
    return { groups, key: [...contributing].sort((a, b) => a - b).join(',') };
  }

  /**
   * Checks one merged level and, below it, the merged sub-selections. In `merge` mode the fields of a group
   * that can apply to the same object must be the same field with the same arguments; in `shape` mode (below
   * fields that never apply together) only their response shapes must agree.
   */
  function check(sources: readonly Source[], mode: Mode) {
    const { groups, key } = collect(sources);
    if (checked.has(`${mode}:${key}`) || checked.has(`merge:${key}`)) return;
    checked.add(`${mode}:${key}`);
    for (const [responseName, group] of groups) {
      const cliques = mode === 'merge' ? fieldsOnCommonParents(group) : [];
      const differing = cliques.map((clique) => ({ clique, other: clique.find((o) => sameFieldConflict(clique[0]!, o)) }));
      const named = differing.find((d) => d.other);
      if (named) {
        const first = named.clique[0]!;
        report(responseName, sameFieldConflict(first, named.other!)!, [first.node, named.other!.node]);
        continue;
      }
      const shape = shapeConflict(group);
      if (shape) {
        report(responseName, shape.reason, shape.nodes);
        continue;
      }
      for (const clique of cliques) checkChildren(clique, 'merge');
      // Fields on different object types never apply together: their sub-fields need only agree in shape.
      if (mode === 'shape' || cliques.length > 1) checkChildren(group, 'shape');
    }
  }

  function checkChildren(group: readonly Occurrence[], mode: Mode) {
    const children: Source[] = [];
    for (const { node, definition } of group) {
      if (!node.selectionSet || !definition) continue;
      const type = getNamedType(definition.type);
      children.push({ set: node.selectionSet, type: isCompositeType(type) ? type : undefined });
    }
    if (children.length) check(children, mode);
  }

  function sameFieldConflict(a: Occurrence, b: Occurrence): string | null {
    if (a.node.name.value !== b.node.name.value) return `"${a.node.name.value}" and "${b.node.name.value}" are different fields`;
    return argumentKey(a.node) === argumentKey(b.node) ? null : 'they have differing arguments';
  }

  function argumentKey(node: FieldNode): string {
    let key = argumentKeys.get(node);
    if (key === undefined) {
      key = (node.arguments ?? [])
        .map((a) => `${a.name.value}:${print(a.value)}`)
        .sort()
        .join(',');
      argumentKeys.set(node, key);
    }
    return key;
  }

  function report(responseName: string, reason: string, nodes: FieldNode[]) {
    context.reportError(
      new GraphQLError(
        `Fields "${responseName}" conflict because ${reason}. Use different aliases on the fields to fetch both if this was intentional.`,
        { nodes },
      ),
    );
  }

  return {
    OperationDefinition(operation) {
      const root = schema.getRootType(operation.operation);
      check([{ set: operation.selectionSet, type: root ?? undefined }], 'merge');
      return false; // the operation's sub-selections are checked above, level by level
    },
    FragmentDefinition: () => false, // checked where spread; an unused fragment is NoUnusedFragments' error
  };
}

/** The first field whose response shape differs from the group's first one (the relation is an equivalence). */
function shapeConflict(group: readonly Occurrence[]): { reason: string; nodes: FieldNode[] } | null {
  const first = group.find((o) => o.definition);
  if (!first) return null;
  for (const other of group) {
    if (other.definition && typesConflict(first.definition!.type, other.definition.type)) {
      const reason = `they return conflicting types "${String(first.definition!.type)}" and "${String(other.definition.type)}"`;
      return { reason, nodes: [first.node, other.node] };
    }
  }
  return null;
}

/** Two types conflict when their list and non-null wrappers differ, or when either is a leaf and they differ. */
function typesConflict(a: GraphQLOutputType, b: GraphQLOutputType): boolean {
  if (isListType(a)) return isListType(b) ? typesConflict(a.ofType, b.ofType) : true;
  if (isListType(b)) return true;
  if (isNonNullType(a)) return isNonNullType(b) ? typesConflict(a.ofType, b.ofType) : true;
  if (isNonNullType(b)) return true;
  if (isLeafType(a) || isLeafType(b)) return a !== b;
  return false;
}

/**
 * The groups of fields that can apply to the same object: fields selected on one object type, each with every
 * field selected on an interface or union (or on an unknown type).
 */
function fieldsOnCommonParents(group: readonly Occurrence[]): Occurrence[][] {
  const byObject = new Map<GraphQLCompositeType, Occurrence[]>();
  const abstract: Occurrence[] = [];
  for (const occurrence of group) {
    if (isObjectType(occurrence.parent)) {
      const list = byObject.get(occurrence.parent);
      if (list) list.push(occurrence);
      else byObject.set(occurrence.parent, [occurrence]);
    } else {
      abstract.push(occurrence);
    }
  }
  if (byObject.size === 0) return [abstract];
  return [...byObject.values()].map((fields) => [...fields, ...abstract]);
}
