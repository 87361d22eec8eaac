// Queries run compiled by graphql-jit (GRAPHQL_JIT, on by default): once resolvers are cheap, graphql-js's
// interpreter is the largest cost left of a nested query (BENCHMARKS.md). Bad variables keep graphql-js's
// answer (below); resolver errors from graphql-jit carry no `locations` (README).
import { useGraphQlJit } from '@envelop/graphql-jit';
import {
  BREAK,
  type DocumentNode,
  GraphQLError,
  type GraphQLSchema,
  getOperationAST,
  getVariableValues,
  isNonNullType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * Variables are coerced by graphql-js before graphql-jit runs: a bad variable gets graphql-js's message (its
 * location, the path inside an input object, "Did you mean…" where suggestions are on) and a 400, exactly
 * as without graphql-jit. A request with valid variables runs compiled.
 */
function variablesCoercedByGraphqlJs(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (!operation?.variableDefinitions?.length) return;
      const coerced = getVariableValues(args.schema, operation.variableDefinitions, args.variableValues ?? {});
      if (!coerced.errors) return;
      setResultAndStopExecution({
        errors: coerced.errors.map(
          (error) =>
            new GraphQLError(error.message, {
              nodes: error.nodes,
              source: error.source,
              positions: error.positions,
              originalError: error.originalError,
              extensions: { ...error.extensions, http: { status: 400 } },
            }),
        ),
      });
    },
  };
}

/**
 * Subscriptions stay on graphql-js: graphql-jit's subscribe loses the error a subscription's resolver throws
 * (a bad filter), leaving the stream open and its slot taken.
 */
const notSubscription = (args: { document: DocumentNode; operationName?: string | null }) =>
  getOperationAST(args.document, args.operationName)?.operation !== 'subscription';

/**
 * Whether a nullable variable with a default stands where a value must not be null, e.g. `$d: String = "x"` in
 * a `[String!]` list (validation allows it: the default fills in when the variable is missing). An explicit
 * null then reaches that position: graphql-js refuses it with the argument's error, graphql-jit passes a null
 * inside a list or input object on to the resolver, which fails as an unexpected error. Such documents run on
 * graphql-js. Known once per document (yoga caches parsed documents).
 */
function nullCanReachNonNull(): (schema: GraphQLSchema, document: DocumentNode) => boolean {
  const known = new WeakMap<DocumentNode, boolean>();
  return (schema, document) => {
    let found = known.get(document);
    if (found !== undefined) return found;
    found = false;
    const nullable = new Set<string>();
    for (const definition of document.definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
      for (const variable of definition.variableDefinitions ?? []) {
        if (variable.defaultValue && variable.type.kind !== Kind.NON_NULL_TYPE) nullable.add(variable.variable.name.value);
      }
    }
    if (nullable.size > 0) {
      const types = new TypeInfo(schema);
      visit(
        document,
        visitWithTypeInfo(types, {
          // A variable's own definition has its declared (nullable) type as the input type here.
          Variable(node) {
            if (nullable.has(node.name.value) && isNonNullType(types.getInputType())) {
              found = true;
              return BREAK;
            }
          },
        }),
      );
    }
    known.set(document, found);
    return found;
  };
}

export function useCompiledExecution(): Plugin[] {
  const needsGraphqlJs = nullCanReachNonNull();
  const compiled = (args: { schema: GraphQLSchema; document: DocumentNode; operationName?: string | null }) =>
    notSubscription(args) && !needsGraphqlJs(args.schema, args.document);
  return [variablesCoercedByGraphqlJs(), useGraphQlJit({}, { enableIf: compiled }) as Plugin];
}
