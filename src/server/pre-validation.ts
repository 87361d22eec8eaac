// Validation in time linear in the document. Before graphql-js validates, the document's size with every
// fragment spread inlined is counted (each fragment counted once, its count reused at every spread) and
// refused over MAX_QUERY_FIELDS: a few hundred bytes of fragments that spread each other can stand for
// billions of fields. Then graphql-js's rules run, with our linear FieldSelectionMergingRule in place of
// OverlappingFieldsCanBeMergedRule, which is quadratic in fields that share a response name.
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  Kind,
  OverlappingFieldsCanBeMergedRule,
  type SelectionSetNode,
  type ValidationRule,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { limitExceeded } from '../graphql/errors.js';
import { FieldSelectionMergingRule } from './field-merging.js';

/**
 * Fields of the document's operations, a fragment's fields counted at every spread. Unknown fragments count
 * nothing and a cycle stops at its first repetition: validation reports both.
 */
export function expandedFieldCount(document: DocumentNode): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const fragmentCounts = new Map<string, number>();
  const countFragment = (name: string): number => {
    const known = fragmentCounts.get(name);
    if (known !== undefined) return known;
    const fragment = fragments.get(name);
    fragmentCounts.set(name, 0); // a cycle reaching this fragment again counts nothing
    const count = fragment ? countSet(fragment.selectionSet) : 0;
    fragmentCounts.set(name, count);
    return count;
  };
  const countSet = (set: SelectionSetNode): number => {
    let count = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) count += 1 + (selection.selectionSet ? countSet(selection.selectionSet) : 0);
      else if (selection.kind === Kind.INLINE_FRAGMENT) count += countSet(selection.selectionSet);
      else count += countFragment(selection.name.value);
    }
    return count;
  };
  let total = 0;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) total += countSet(definition.selectionSet);
  }
  return total;
}

export function useLinearValidation(maxFields: number): Plugin {
  const linearRules = (rules: readonly ValidationRule[] | undefined) =>
    rules?.map((rule) => (rule === OverlappingFieldsCanBeMergedRule ? FieldSelectionMergingRule : rule));
  return {
    onValidate({ validateFn, setValidationFn }) {
      setValidationFn((schema, document, rules, ...rest) => {
        const fields = expandedFieldCount(document);
        if (fields > maxFields) {
          return [
            limitExceeded(
              `Query fields limit of ${maxFields} exceeded, found ${fields} with fragments inlined.`,
              'MAX_QUERY_FIELDS',
            ),
          ];
        }
        return validateFn(schema, document, linearRules(rules), ...rest);
      });
    },
  };
}
